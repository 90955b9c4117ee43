import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type FamilyAttendanceList,
  FamilyAttendanceListSchema,
  type FamilyViewsResponse,
  FamilyViewsResponseSchema,
  type SafetyPlanSignaturesResponse,
  SafetyPlanSignaturesResponseSchema,
  type SetFamilyAttendanceRequest,
  SetFamilyAttendanceRequestSchema,
} from '@roundtable/shared/family-view';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { FamilyViewService } from './family-view.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const participantId = new UuidParamPipe('NotFound', 'This meeting has no family member with that id');

/** The family's participation as professionals see it in the room: their views, attendance, signatures. */
@ApiTags('family')
@Controller('meetings/:id')
export class FamilyParticipationController {
  constructor(private readonly service: FamilyViewService) {}

  /** Every family member's views, oldest first (members). */
  @Get('family-views')
  @ApiOkResponse({ schema: openApiSchema(FamilyViewsResponseSchema) })
  async views(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<FamilyViewsResponse> {
    return { views: await this.service.views(id, session.user) };
  }

  /** Each invited family member's attendance (members). */
  @Get('family-attendance')
  @ApiOkResponse({ schema: openApiSchema(FamilyAttendanceListSchema) })
  async attendance(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<FamilyAttendanceList> {
    return { attendance: await this.service.attendance(id, session.user) };
  }

  /** Records a family member present, absent or excluded from a part (the chair, before the conclusion). */
  @Put('family-attendance/:participantId')
  @ApiBody({ schema: openApiSchema(SetFamilyAttendanceRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FamilyAttendanceListSchema) })
  async setAttendance(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('participantId', participantId) participant: string,
    @Body(new ZodValidationPipe(SetFamilyAttendanceRequestSchema)) body: SetFamilyAttendanceRequest,
  ): Promise<FamilyAttendanceList> {
    return { attendance: await this.service.setAttendance(id, participant, session.user, body) };
  }

  /** The family's safety-plan signatures, each current or not (members). */
  @Get('safety-plan/signatures')
  @ApiOkResponse({ schema: openApiSchema(SafetyPlanSignaturesResponseSchema) })
  signatures(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<SafetyPlanSignaturesResponse> {
    return this.service.signatures(id, session.user);
  }
}
