import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DecisionTemplatesResponseSchema, type DecisionTemplatesResponse } from '@roundtable/shared/decisions';
import { openApiSchema } from '../../platform';
import { DecisionTemplatesService } from './decision-templates.service';

@ApiTags('decisions')
@Controller('decision-templates')
export class DecisionTemplatesController {
  constructor(private readonly templates: DecisionTemplatesService) {}

  /** The decisions a chair can open in a strategy discussion (signed-in users). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(DecisionTemplatesResponseSchema) })
  list(): DecisionTemplatesResponse {
    return { templates: this.templates.list() };
  }
}
