import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ConferenceOutcomeResponse,
  ConferenceOutcomeResponseSchema,
  type ConferenceOutcomesResponse,
  ConferenceOutcomesResponseSchema,
  RecordConferenceOutcomeRequestSchema,
} from '@roundtable/shared/pathway';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { ConferenceOutcomesService, type RecordOutcomeInput } from './conference-outcomes.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const childId = new UuidParamPipe('NotFound', 'This child is not one of this conference’s children');

@ApiTags('plans')
@Controller('meetings/:id')
export class ConferenceOutcomesController {
  constructor(private readonly outcomes: ConferenceOutcomesService) {}

  /** The conference chair records the outcome for one child (`childId`: the child's record). */
  @Post('children/:childId/outcome')
  @ApiBody({ schema: openApiSchema(RecordConferenceOutcomeRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(ConferenceOutcomeResponseSchema) })
  record(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('childId', childId) child: string,
    @Body(new ZodValidationPipe(RecordConferenceOutcomeRequestSchema)) body: RecordOutcomeInput,
  ): Promise<ConferenceOutcomeResponse> {
    return this.outcomes.record(id, child, session.user, body);
  }

  /** The outcomes recorded so far, for the meeting's members. */
  @Get('outcomes')
  @ApiOkResponse({ schema: openApiSchema(ConferenceOutcomesResponseSchema) })
  async list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<ConferenceOutcomesResponse> {
    return { outcomes: await this.outcomes.listForMeeting(id, session.user) };
  }
}
