import { Module } from '@nestjs/common';
import { DocumentTemplateRepository } from './document-template.repository';
import { DocumentTemplatesController } from './document-templates.controller';
import { DocumentTemplatesService } from './document-templates.service';

/**
 * Document templates (GET /api/document-templates) and each meeting's copy of
 * them, taken by MeetingsService when a meeting is created.
 */
@Module({
  controllers: [DocumentTemplatesController],
  providers: [DocumentTemplatesService, DocumentTemplateRepository],
  exports: [DocumentTemplatesService],
})
export class TemplatesModule {}
