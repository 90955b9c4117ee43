import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AddMemberRequestSchema,
  CreateMeetingRequestSchema,
  MeetingDetailSchema,
  MeetingListResponseSchema,
  UpdateMeetingRequestSchema,
  UpdateMemberRequestSchema,
  type AddMemberRequest,
  type CreateMeetingRequest,
  type MeetingDetail,
  type MeetingListResponse,
  type UpdateMeetingRequest,
  type UpdateMemberRequest,
} from '@roundtable/shared/schemas';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from './meeting.errors';
import { MeetingsService } from './meetings.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const memberId = new UuidParamPipe('NotFound', 'That person is not a member of this meeting');

@ApiTags('meetings')
@Controller('meetings')
export class MeetingsController {
  constructor(private readonly meetings: MeetingsService) {}

  /** Meetings the signed-in user belongs to. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(MeetingListResponseSchema) })
  async list(@CurrentSession() session: AuthenticatedSession): Promise<MeetingListResponse> {
    return { meetings: await this.meetings.listForUser(session.user.id) };
  }

  /** Convenes a strategy discussion; the caller becomes its chair. */
  @Post()
  @ApiBody({ schema: openApiSchema(CreateMeetingRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  create(
    @CurrentSession() session: AuthenticatedSession,
    @Body(new ZodValidationPipe(CreateMeetingRequestSchema)) body: CreateMeetingRequest,
  ): Promise<MeetingDetail> {
    return this.meetings.create(session.user, body);
  }

  /** One meeting; 404 unless the caller is a member. */
  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  get(@CurrentSession() session: AuthenticatedSession, @Param('id', meetingId) id: string): Promise<MeetingDetail> {
    return this.meetings.getForMember(id, session.user.id);
  }

  /** Changes reason, time or format (chair). */
  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateMeetingRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  update(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(UpdateMeetingRequestSchema)) body: UpdateMeetingRequest,
  ): Promise<MeetingDetail> {
    return this.meetings.update(id, session.user, body);
  }

  /** Invites a member by email with a meeting role (chair). */
  @RequiresStepUp()
  @Post(':id/members')
  @ApiBody({ schema: openApiSchema(AddMemberRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  addMember(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AddMemberRequestSchema)) body: AddMemberRequest,
  ): Promise<MeetingDetail> {
    return this.meetings.addMember(id, session.user, body);
  }

  /** Changes a member's role (chair). */
  @RequiresStepUp()
  @Patch(':id/members/:userId')
  @ApiBody({ schema: openApiSchema(UpdateMemberRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  changeRole(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('userId', memberId) userId: string,
    @Body(new ZodValidationPipe(UpdateMemberRequestSchema)) body: UpdateMemberRequest,
  ): Promise<MeetingDetail> {
    return this.meetings.changeRole(id, session.user, userId, body.role);
  }

  /** Removes a member (chair); their live connections close at once. */
  @RequiresStepUp()
  @Delete(':id/members/:userId')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  removeMember(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('userId', memberId) userId: string,
  ): Promise<MeetingDetail> {
    return this.meetings.removeMember(id, session.user, userId);
  }
}
