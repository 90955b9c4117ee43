import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import {
  FAMILY_CODE_SENT_MESSAGE,
  type FamilyCodeRequest,
  FamilyCodeRequestSchema,
  type FamilyCodeResponse,
  type FamilySessionResponse,
  type FamilySignInRequest,
  FamilySignInRequestSchema,
} from '@roundtable/shared/family';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import {
  CurrentFamilyMember,
  type FamilyPrincipal,
  FamilyRoute,
  openApiSchema,
  Public,
  ZodValidationPipe,
} from '../../platform';
import { FamilyCookie } from './family-cookie';
import { FamilySessionsService } from './family-sessions.service';
import { FamilySignInService } from './family-sign-in.service';

/** The address a request came from (Express's req.ip honours TRUST_PROXY). */
const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/** Family members sign in to one meeting with an emailed one-time code (docs/FAMILY.md, "Signing in"). */
@ApiTags('family')
@Controller('family')
export class FamilySignInController {
  constructor(
    private readonly signIns: FamilySignInService,
    private readonly sessions: FamilySessionsService,
    private readonly cookie: FamilyCookie,
  ) {}

  /** Emails a sign-in code if the address was invited to the meeting. Always the same 202 answer. */
  @Public()
  @Post('sign-in/code')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(FamilyCodeRequestSchema, 'input') })
  async requestCode(
    @Body(new ZodValidationPipe(FamilyCodeRequestSchema)) body: FamilyCodeRequest,
    @Req() req: Request,
  ): Promise<FamilyCodeResponse> {
    await this.signIns.requestCode(body as z.output<typeof FamilyCodeRequestSchema>, addressOf(req));
    return { message: FAMILY_CODE_SENT_MESSAGE };
  }

  /** Checks the code and sets the family cookie. 401 for a wrong, expired or used code; 429 when throttled. */
  @Public()
  @Post('sign-in')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(FamilySignInRequestSchema, 'input') })
  async signIn(
    @Body(new ZodValidationPipe(FamilySignInRequestSchema)) body: FamilySignInRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<FamilySessionResponse> {
    const signedIn = await this.signIns.signIn(body as z.output<typeof FamilySignInRequestSchema>, addressOf(req));
    this.cookie.issue(res, signedIn.token, signedIn.expiresAt);
    return this.signIns.describe(signedIn.principal);
  }

  /** The signed-in family member and their meeting. */
  @FamilyRoute()
  @Get('session')
  session(@CurrentFamilyMember() family: FamilyPrincipal): Promise<FamilySessionResponse> {
    return this.signIns.describe(family);
  }

  /** Ends the family session and closes its live connections. */
  @FamilyRoute()
  @Post('sign-out')
  @HttpCode(204)
  async signOut(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.sessions.signOut(family);
    this.cookie.clear(res);
  }
}
