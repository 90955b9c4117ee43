import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AdminUser,
  type AdminUserChangeResponse,
  AdminUserChangeResponseSchema,
  type AdminUserListResponse,
  AdminUserListResponseSchema,
  AdminUserSchema,
  type SetChairPermissionRequest,
  SetChairPermissionRequestSchema,
  type SetOrganisationRequest,
  SetOrganisationRequestSchema,
  type SetTeamManagerRequest,
  SetTeamManagerRequestSchema,
} from '@roundtable/shared/admin';
import { type CreateUserRequest, CreateUserRequestSchema } from '@roundtable/shared/schemas';
import { auditActor } from '../../audit';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { AdminGuard } from './admin.guard';
import { type AdminActor, AdminUsersService } from './admin-users.service';

const userId = new UuidParamPipe('UserNotFound', 'No account has this id');
const by = (session: AuthenticatedSession): AdminActor => ({ via: 'api', actor: auditActor(session.user) });

/** User administration. Administrators only (AdminGuard runs before validation); every change is audited. */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin/users')
export class AdminController {
  constructor(private readonly users: AdminUsersService) {}

  /** Every account with its status and live session count. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(AdminUserListResponseSchema) })
  async list(): Promise<AdminUserListResponse> {
    return { users: await this.users.list() };
  }

  /** Creates an account with an initial password (given to the person out of band). */
  @Post()
  @ApiBody({ schema: openApiSchema(CreateUserRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(AdminUserSchema) })
  create(
    @Body(new ZodValidationPipe(CreateUserRequestSchema)) body: CreateUserRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUser> {
    return this.users.create(body, by(session));
  }

  /** Disables an account: every session ends and every live connection closes within a second, on every instance. */
  @Post(':id/disable')
  @RequiresStepUp()
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(AdminUserChangeResponseSchema) })
  disable(
    @Param('id', userId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUserChangeResponse> {
    return this.users.disable(id, by(session));
  }

  /** Re-enables a disabled account. */
  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(AdminUserChangeResponseSchema) })
  async enable(
    @Param('id', userId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUserChangeResponse> {
    return { user: await this.users.enable(id, by(session)), sessionsEnded: 0 };
  }

  /** Gives or takes away the account's permission to convene and chair strategy discussions (audited). */
  @Post(':id/chair-permission')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SetChairPermissionRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(AdminUserSchema) })
  setChairPermission(
    @Param('id', userId) id: string,
    @Body(new ZodValidationPipe(SetChairPermissionRequestSchema)) body: SetChairPermissionRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUser> {
    return this.users.setChairPermission(id, body.canChair, by(session));
  }

  /** Makes the account a team manager (its team's caseload), or stops it being one (audited). */
  @Post(':id/team-manager')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SetTeamManagerRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(AdminUserSchema) })
  setTeamManager(
    @Param('id', userId) id: string,
    @Body(new ZodValidationPipe(SetTeamManagerRequestSchema)) body: SetTeamManagerRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUser> {
    return this.users.setTeamManager(id, body.teamManager, by(session));
  }

  /** Sets or clears the organisation within its agency the account belongs to (audited). */
  @Post(':id/organisation')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SetOrganisationRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(AdminUserSchema) })
  setOrganisation(
    @Param('id', userId) id: string,
    @Body(new ZodValidationPipe(SetOrganisationRequestSchema)) body: SetOrganisationRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUser> {
    return this.users.setOrganisation(id, body.organisation, by(session));
  }

  /** Ends every session of an account and closes its live connections (the account stays enabled). */
  @Post(':id/end-sessions')
  @RequiresStepUp()
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(AdminUserChangeResponseSchema) })
  endSessions(
    @Param('id', userId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AdminUserChangeResponse> {
    return this.users.endSessions(id, by(session));
  }
}
