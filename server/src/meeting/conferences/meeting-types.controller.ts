import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type MeetingTypesResponse, MeetingTypesResponseSchema } from '@roundtable/shared/pathway';
import { openApiSchema } from '../../platform';
import { MeetingTypesService } from './meeting-types.service';

@ApiTags('meetings')
@Controller('meeting-types')
export class MeetingTypesController {
  constructor(private readonly meetingTypes: MeetingTypesService) {}

  /** Each meeting type as this deployment runs it: record sections, decision templates, chair and convening (signed-in users). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(MeetingTypesResponseSchema) })
  list(): MeetingTypesResponse {
    return { meetingTypes: this.meetingTypes.list() };
  }
}
