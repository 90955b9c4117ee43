import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type CirculateRecordRequest,
  CirculateRecordRequestSchema,
  type CirculationResponse,
} from '@roundtable/shared/circulation';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { CirculationService } from './circulation.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);

/**
 * Circulating the sealed record of a concluded meeting (docs/CIRCULATION.md):
 * the chair's list of recipients with what each was sent and whether they
 * downloaded it, and sending. Non-members of the meeting get 404; members
 * who are not its chair 403.
 */
@ApiTags('records')
@Controller('meetings/:id/circulation')
export class CirculationController {
  constructor(private readonly circulation: CirculationService) {}

  /** Recipients (newest first) with the version sent, when, and when they downloaded it; whom the chair may choose. */
  @Get()
  @ApiOkResponse({ description: 'CirculationResponse (shared/src/circulation.ts)' })
  list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<CirculationResponse> {
    return this.circulation.list(session.user, id);
  }

  /** Sends the newest sealed version to members, non-members and family members (emails without case content). */
  @RequiresStepUp()
  @Post()
  @HttpCode(201)
  @ApiBody({ schema: openApiSchema(CirculateRecordRequestSchema, 'input') })
  circulate(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(CirculateRecordRequestSchema)) body: CirculateRecordRequest,
  ): Promise<CirculationResponse> {
    return this.circulation.circulate(session.user, id, body as z.output<typeof CirculateRecordRequestSchema>);
  }
}
