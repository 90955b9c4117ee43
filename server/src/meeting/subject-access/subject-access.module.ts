import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { TemplatesModule } from '../templates/templates.module';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessRepository } from './subject-access.repository';
import { SubjectAccessService } from './subject-access.service';
import { SubjectAssembler } from './subject-assembler';
import { SubjectSourcesRepository } from './subject-sources.repository';

/**
 * Subject access requests: assemble, redact, sign off, export (docs/SUBJECT-ACCESS.md). Administrators only.
 * Live documents are read through LiveDocuments, which the realtime area provides (globally).
 */
@Module({
  imports: [AuditModule, TemplatesModule],
  controllers: [SubjectAccessController],
  providers: [SubjectSourcesRepository, SubjectAssembler, SubjectAccessRepository, SubjectAccessService],
})
export class SubjectAccessModule {}
