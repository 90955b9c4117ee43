import { Body, Controller, Get, Header, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  MfaConfirmRequestSchema,
  MfaEnrolmentResponseSchema,
  MfaStatusResponseSchema,
  MfaVerifyRequestSchema,
  RecoveryCodesResponseSchema,
  type MfaEnrolmentResponse,
  type MfaStatusResponse,
  type RecoveryCodesResponse,
} from '@roundtable/shared/mfa';
import { UserResponseSchema, type UserResponse } from '@roundtable/shared/schemas';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import {
  AllowDuringMfaEnrolment,
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  Public,
  RequiresStepUp,
  ZodValidationPipe,
} from '../../platform';
import { SessionCookie } from '../auth/session-cookie';
import { MfaSignInService } from './mfa-sign-in.service';
import { MfaService } from './mfa.service';

/** Multi-factor authentication: the second sign-in step, enrolment, recovery codes (docs/SECURITY.md). */
@ApiTags('auth')
@Controller('auth/mfa')
export class MfaController {
  constructor(
    private readonly mfa: MfaService,
    private readonly signIn: MfaSignInService,
    private readonly cookie: SessionCookie,
  ) {}

  /** The second sign-in step: a code from the app, or a recovery code. Replaces the pending cookie with a session. */
  @Public()
  @Post('verify')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(MfaVerifyRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(UserResponseSchema) })
  async verify(
    @Body(new ZodValidationPipe(MfaVerifyRequestSchema)) body: z.output<typeof MfaVerifyRequestSchema>,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse> {
    const { user, token, expiresAt } = await this.signIn.verify(this.cookie.read(req), body);
    this.cookie.issue(res, token, expiresAt);
    return user;
  }

  /** Whether MFA is on, required, and how many recovery codes are left. */
  @AllowDuringMfaEnrolment()
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(MfaStatusResponseSchema) })
  status(@CurrentSession() session: AuthenticatedSession): Promise<MfaStatusResponse> {
    return this.mfa.status(session.user);
  }

  /**
   * Starts enrolment: a new secret, its otpauth URI and QR code. Not in force until confirmed.
   * Needs a recent sign-in, like confirming: a stolen session must not add its own authenticator.
   */
  @AllowDuringMfaEnrolment()
  @RequiresStepUp()
  @Post('enrol')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(MfaEnrolmentResponseSchema) })
  enrol(@CurrentSession() session: AuthenticatedSession): Promise<MfaEnrolmentResponse> {
    return this.mfa.beginEnrolment(session.user);
  }

  /** Confirms enrolment with a code from the app; answers the recovery codes, shown this once. */
  @AllowDuringMfaEnrolment()
  @RequiresStepUp()
  @Post('enrol/confirm')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiBody({ schema: openApiSchema(MfaConfirmRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(RecoveryCodesResponseSchema) })
  confirm(
    @CurrentSession() session: AuthenticatedSession,
    @Body(new ZodValidationPipe(MfaConfirmRequestSchema)) body: z.output<typeof MfaConfirmRequestSchema>,
  ): Promise<RecoveryCodesResponse> {
    return this.mfa.confirmEnrolment(session.user, body.code);
  }

  /** Replaces the recovery codes with a new set, shown this once. Needs a recent re-authentication. */
  @RequiresStepUp()
  @Post('recovery-codes')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(RecoveryCodesResponseSchema) })
  regenerate(@CurrentSession() session: AuthenticatedSession): Promise<RecoveryCodesResponse> {
    return this.mfa.regenerateRecoveryCodes(session.user);
  }

  /** Turns MFA off. Needs a recent re-authentication. */
  @RequiresStepUp()
  @Post('disable')
  @HttpCode(204)
  async disable(@CurrentSession() session: AuthenticatedSession): Promise<void> {
    await this.mfa.disable(session.user);
  }
}
