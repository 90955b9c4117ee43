import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  LoginRequestSchema,
  UserResponseSchema,
  type LoginRequest,
  type UserResponse,
} from '@roundtable/shared/schemas';
import type { MfaChallengeResponse } from '@roundtable/shared/mfa';
import type { Request, Response } from 'express';
import {
  AllowDuringMfaEnrolment,
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  Public,
  ZodValidationPipe,
} from '../../platform';
import { toUserResponse } from '../users/users.service';
import { AuthService } from './auth.service';
import { SessionCookie } from './session-cookie';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly cookie: SessionCookie,
  ) {}

  /** Signs in with email and password; sets the httpOnly session cookie. Throttled per address and account. */
  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(LoginRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(UserResponseSchema) })
  async login(
    @Body(new ZodValidationPipe(LoginRequestSchema)) body: LoginRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UserResponse | MfaChallengeResponse> {
    const outcome = await this.auth.login(body);
    this.cookie.issue(res, outcome.token, outcome.expiresAt);
    // With MFA the cookie holds a pending session that only POST /api/auth/mfa/verify accepts.
    return outcome.kind === 'signed-in' ? toUserResponse(outcome.user) : { mfaRequired: true };
  }

  /** Ends the session and closes its live connections. Succeeds when already signed out. */
  @Public()
  @Post('auth/logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(this.cookie.read(req));
    this.cookie.clear(res);
  }

  /** The signed-in user. */
  @AllowDuringMfaEnrolment()
  @Get('me')
  @ApiOkResponse({ schema: openApiSchema(UserResponseSchema) })
  me(@CurrentSession() session: AuthenticatedSession): UserResponse {
    return session.user;
  }
}
