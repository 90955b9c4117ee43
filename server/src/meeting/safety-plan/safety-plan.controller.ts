import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  RecordSafetyScoreRequestSchema,
  SafetyPlanScoresResponseSchema,
  type SafetyPlanScoresResponse,
} from '@roundtable/shared/safety-plan';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { SafetyPlanScoresService } from './safety-plan-scores.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);

/**
 * The safety plan's scaling scores. The plan's text is a live document on the
 * collab endpoint (`meetings/<id>/safety-plan`); the scores are rows.
 */
@ApiTags('safety plan')
@Controller('meetings/:id/safety-plan')
export class SafetyPlanController {
  constructor(private readonly scores: SafetyPlanScoresService) {}

  /** Each agency's current score and the history (members). */
  @Get('scores')
  @ApiOkResponse({ schema: openApiSchema(SafetyPlanScoresResponseSchema) })
  list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<SafetyPlanScoresResponse> {
    return this.scores.list(session.user, id);
  }

  /** Records the caller's agency's score (chair or participant); the agency comes from the account. */
  @Put('scores')
  @ApiBody({ schema: openApiSchema(RecordSafetyScoreRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(SafetyPlanScoresResponseSchema) })
  record(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(RecordSafetyScoreRequestSchema))
    body: z.output<typeof RecordSafetyScoreRequestSchema>,
  ): Promise<SafetyPlanScoresResponse> {
    return this.scores.record(session.user, id, body);
  }
}
