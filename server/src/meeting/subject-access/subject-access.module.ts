import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { SubjectAccessController } from './subject-access.controller';
import { SubjectAccessRepository } from './subject-access.repository';
import { SubjectAccessService } from './subject-access.service';
import { SubjectAssembler } from './subject-assembler';
import { SubjectSourcesRepository } from './subject-sources.repository';

/** Subject access requests: assemble, redact, sign off, export (docs/SUBJECT-ACCESS.md). Administrators only. */
@Module({
  imports: [AuditModule],
  controllers: [SubjectAccessController],
  providers: [SubjectSourcesRepository, SubjectAssembler, SubjectAccessRepository, SubjectAccessService],
})
export class SubjectAccessModule {}
