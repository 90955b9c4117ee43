import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  AcceptInvitationRequestSchema,
  AcceptInvitationResponseSchema,
  AccountInvitationListSchema,
  AccountInvitationSchema,
  InvitationPreviewSchema,
  InvitationTokenRequestSchema,
  InviteWithoutAccountRequestSchema,
  type AcceptInvitationRequest,
  type AcceptInvitationResponse,
  type AccountInvitation,
  type AccountInvitationList,
  type InvitationPreview,
  type InvitationTokenRequest,
  type InviteWithoutAccountRequest,
} from '@roundtable/shared/invitations';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  Public,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { MeetingInvitationsService } from './meeting-invitations.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const invitationId = new UuidParamPipe('NotFound', 'This meeting has no such invitation');

/** The chair invites someone without an account to a meeting, by email and role (docs/EMAIL.md). */
@ApiTags('invitations')
@Controller('meetings/:id/account-invitations')
export class MeetingAccountInvitationsController {
  constructor(private readonly invitations: MeetingInvitationsService) {}

  /** The meeting's invitations without an account, pending, accepted or expired (chair). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(AccountInvitationListSchema) })
  async list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<AccountInvitationList> {
    return { invitations: await this.invitations.list(id, session.user) };
  }

  /** Invites an email address with a role (chair, step-up); they are emailed a single-use, expiring link. */
  @RequiresStepUp()
  @Post()
  @ApiBody({ schema: openApiSchema(InviteWithoutAccountRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AccountInvitationSchema) })
  invite(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(InviteWithoutAccountRequestSchema)) body: InviteWithoutAccountRequest,
  ): Promise<AccountInvitation> {
    return this.invitations.inviteWithoutAccount(
      id,
      session.user,
      body as z.output<typeof InviteWithoutAccountRequestSchema>,
    );
  }

  /** Withdraws an invitation not yet accepted (chair, step-up); its link stops working. Kept, marked revoked. */
  @RequiresStepUp()
  @Post(':invitationId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(AccountInvitationSchema) })
  revoke(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('invitationId', invitationId) invitation: string,
  ): Promise<AccountInvitation> {
    return this.invitations.revoke(id, session.user, invitation);
  }
}

/**
 * Opening and accepting an invitation. The token travels in the body, never
 * in a URL (the link puts it in the fragment), so no log holds it.
 */
@ApiTags('invitations')
@Controller('invitations')
export class InvitationAcceptanceController {
  constructor(private readonly invitations: MeetingInvitationsService) {}

  /** What the invitation is for (meeting type, reference, time, role), while it is open. Public. */
  @Public()
  @Post('preview')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(InvitationTokenRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(InvitationPreviewSchema) })
  preview(
    @Body(new ZodValidationPipe(InvitationTokenRequestSchema)) body: InvitationTokenRequest,
  ): Promise<InvitationPreview> {
    return this.invitations.preview(body.token);
  }

  /** Sets up an account for the invited address and joins the meeting. Public; works once. */
  @Public()
  @Post('accept')
  @ApiBody({ schema: openApiSchema(AcceptInvitationRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AcceptInvitationResponseSchema) })
  accept(
    @Body(new ZodValidationPipe(AcceptInvitationRequestSchema)) body: AcceptInvitationRequest,
  ): Promise<AcceptInvitationResponse> {
    return this.invitations.acceptWithNewAccount(body);
  }

  /** Joins the meeting as the signed-in account (password or single sign-on), whose email must be the invited one. */
  @Post('accept-signed-in')
  @ApiBody({ schema: openApiSchema(InvitationTokenRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AcceptInvitationResponseSchema) })
  acceptSignedIn(
    @CurrentSession() session: AuthenticatedSession,
    @Body(new ZodValidationPipe(InvitationTokenRequestSchema)) body: InvitationTokenRequest,
  ): Promise<AcceptInvitationResponse> {
    return this.invitations.acceptSignedIn(body.token, session.user);
  }
}
