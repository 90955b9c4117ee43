import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MyActionsResponseSchema, type MyActionsResponse } from '@roundtable/shared/actions';
import { type AuthenticatedSession, CurrentSession, openApiSchema } from '../../platform';
import { ActionsService } from './actions.service';

@ApiTags('actions')
@Controller('actions')
export class ActionsController {
  constructor(private readonly actions: ActionsService) {}

  /** The signed-in user's open actions across the meetings they belong to, soonest due first. */
  @Get('mine')
  @ApiOkResponse({ schema: openApiSchema(MyActionsResponseSchema) })
  async mine(@CurrentSession() session: AuthenticatedSession): Promise<MyActionsResponse> {
    return { actions: await this.actions.listOpenForOwner(session.user.id) };
  }
}
