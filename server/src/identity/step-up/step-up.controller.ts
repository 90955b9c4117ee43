import { Body, Controller, Get, Header, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StepUpRequestSchema, StepUpStatusResponseSchema, type StepUpStatusResponse } from '@roundtable/shared/mfa';
import type { z } from 'zod';
import {
  AllowDuringMfaEnrolment,
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  ZodValidationPipe,
} from '../../platform';
import { StepUpService } from './step-up.service';

/** Step-up re-authentication (docs/SECURITY.md). Open to users held at MFA setup: enrolling needs it too. */
@ApiTags('auth')
@AllowDuringMfaEnrolment()
@Controller('auth/step-up')
export class StepUpController {
  constructor(private readonly stepUp: StepUpService) {}

  /** How long protected actions stay allowed without re-authenticating, and whether a code will be asked for. */
  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(StepUpStatusResponseSchema) })
  status(@CurrentSession() session: AuthenticatedSession): Promise<StepUpStatusResponse> {
    return this.stepUp.status(session);
  }

  /** Re-authenticates with the password (and a code when MFA is on). Wrong attempts count towards a lockout. */
  @Post()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(StepUpRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(StepUpStatusResponseSchema) })
  reauthenticate(
    @CurrentSession() session: AuthenticatedSession,
    @Body(new ZodValidationPipe(StepUpRequestSchema)) body: z.output<typeof StepUpRequestSchema>,
  ): Promise<StepUpStatusResponse> {
    return this.stepUp.stepUp(session, body);
  }
}
