import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateServiceAccountRequestSchema,
  type IssuedServiceTokenResponse,
  IssuedServiceTokenResponseSchema,
  IssueServiceTokenRequestSchema,
  type ServiceAccount,
  type ServiceAccountListResponse,
  ServiceAccountListResponseSchema,
  ServiceAccountSchema,
} from '@roundtable/shared/integrations';
import type { z } from 'zod';
import { auditActor } from '../../audit';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { AdminGuard } from '../admin/admin.guard';
import { SERVICE_ACCOUNT_NOT_FOUND, ServiceAccountsService } from './service-accounts.service';

const accountId = new UuidParamPipe('NotFound', SERVICE_ACCOUNT_NOT_FOUND);
const tokenId = new UuidParamPipe('NotFound', 'This service account has no token with this id');

/**
 * Service accounts for case-system integrations (docs/INTEGRATIONS.md).
 * Administrators only; creating one or a token needs step-up; every change is audited.
 */
@ApiTags('service accounts')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin/service-accounts')
export class ServiceAccountsController {
  constructor(private readonly accounts: ServiceAccountsService) {}

  /** Every service account with its tokens (never the tokens themselves: their first characters). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(ServiceAccountListResponseSchema) })
  async list(): Promise<ServiceAccountListResponse> {
    return { serviceAccounts: await this.accounts.list() };
  }

  /** Creates a service account for one organisation with its scopes, and its first token (shown once). */
  @Post()
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(CreateServiceAccountRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(IssuedServiceTokenResponseSchema) })
  create(
    @Body(new ZodValidationPipe(CreateServiceAccountRequestSchema))
    body: z.output<typeof CreateServiceAccountRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<IssuedServiceTokenResponse> {
    return this.accounts.create(body, auditActor(session.user));
  }

  /** Issues another token (shown once), e.g. to rotate one: issue, switch the case system over, revoke the old. */
  @Post(':id/tokens')
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(IssueServiceTokenRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(IssuedServiceTokenResponseSchema) })
  issueToken(
    @Param('id', accountId) id: string,
    @Body(new ZodValidationPipe(IssueServiceTokenRequestSchema)) body: z.output<typeof IssueServiceTokenRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<IssuedServiceTokenResponse> {
    return this.accounts.issueToken(id, body.expiresInDays, auditActor(session.user));
  }

  /** Revokes one token: the next request with it is refused. No step-up: taking access away must be quick. */
  @Post(':id/tokens/:tokenId/revoke')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(ServiceAccountSchema) })
  revokeToken(
    @Param('id', accountId) id: string,
    @Param('tokenId', tokenId) token: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<ServiceAccount> {
    return this.accounts.revokeToken(id, token, auditActor(session.user));
  }

  /** Disables the service account and revokes all its tokens. No step-up (as revoking). */
  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(ServiceAccountSchema) })
  disable(
    @Param('id', accountId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<ServiceAccount> {
    return this.accounts.disable(id, auditActor(session.user));
  }
}
