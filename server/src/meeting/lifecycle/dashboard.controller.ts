import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type DashboardResponse, DashboardResponseSchema } from '@roundtable/shared/dashboard';
import { type AuthenticatedSession, CurrentSession, openApiSchema } from '../../platform';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller('dashboard')
export class DashboardController {
  constructor(private readonly dashboard: DashboardService) {}

  /**
   * My meetings grouped by status (scheduled, live, concluded), my open
   * actions (overdue ones marked) and the children I see in full whose
   * pathway timescales are overdue.
   */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(DashboardResponseSchema) })
  get(@CurrentSession() session: AuthenticatedSession): Promise<DashboardResponse> {
    return this.dashboard.forUser(session.user.id);
  }
}
