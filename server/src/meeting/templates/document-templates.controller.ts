import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DocumentTemplatesResponseSchema, type DocumentTemplatesResponse } from '@roundtable/shared/templates';
import { openApiSchema } from '../../platform';
import { DocumentTemplatesService } from './document-templates.service';

@ApiTags('templates')
@Controller('document-templates')
export class DocumentTemplatesController {
  constructor(private readonly templates: DocumentTemplatesService) {}

  /** The sections of the record and the safety plan that a meeting created now gets (signed-in users). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(DocumentTemplatesResponseSchema) })
  list(): DocumentTemplatesResponse {
    return { templates: this.templates.current() };
  }
}
