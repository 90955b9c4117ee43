import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  type FamilyMemberListResponse,
  type FamilyMemberResponse,
  type InviteFamilyMemberRequest,
  InviteFamilyMemberRequestSchema,
} from '@roundtable/shared/family';
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
import { FamilyMembersService } from './family-members.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const participantId = new UuidParamPipe('NotFound', 'That person is not a family member of this meeting');

/** A meeting's family members: the chair invites and removes them, every member sees who they are. */
@ApiTags('family')
@Controller('meetings/:id/family-members')
export class FamilyMembersController {
  constructor(private readonly familyMembers: FamilyMembersService) {}

  @Get()
  async list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<FamilyMemberListResponse> {
    return { familyMembers: await this.familyMembers.list(id, session.user) };
  }

  /** Invites a family member (chair); they are emailed how to sign in. */
  @RequiresStepUp()
  @Post()
  @ApiBody({ schema: openApiSchema(InviteFamilyMemberRequestSchema, 'input') })
  invite(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(InviteFamilyMemberRequestSchema)) body: InviteFamilyMemberRequest,
  ): Promise<FamilyMemberResponse> {
    return this.familyMembers.invite(id, session.user, body as z.output<typeof InviteFamilyMemberRequestSchema>);
  }

  /** Removes a family member's access (chair); their sessions end at once. */
  @Delete(':participantId')
  @HttpCode(204)
  async revoke(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('participantId', participantId) participant: string,
  ): Promise<void> {
    await this.familyMembers.revoke(id, participant, session.user);
  }
}
