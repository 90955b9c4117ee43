import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ChildProtectionPlan,
  ChildProtectionPlanSchema,
  type PlanVersionsResponse,
  PlanVersionsResponseSchema,
  UpdatePlanRequestSchema,
} from '@roundtable/shared/pathway';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { PLAN_NOT_FOUND, PlansService, type UpdatePlanInput } from './plans.service';

const childId = new UuidParamPipe('NotFound', PLAN_NOT_FOUND);

@ApiTags('plans')
@Controller('children/:childId/plan')
export class PlansController {
  constructor(private readonly plans: PlansService) {}

  /** The child's child protection plan with its current version; 404 unless the caller may read it. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(ChildProtectionPlanSchema) })
  get(
    @CurrentSession() session: AuthenticatedSession,
    @Param('childId', childId) id: string,
  ): Promise<ChildProtectionPlan> {
    return this.plans.getPlan(id, session.user);
  }

  /** Every version of the plan, oldest first. */
  @Get('versions')
  @ApiOkResponse({ schema: openApiSchema(PlanVersionsResponseSchema) })
  async versions(
    @CurrentSession() session: AuthenticatedSession,
    @Param('childId', childId) id: string,
  ): Promise<PlanVersionsResponse> {
    return { versions: await this.plans.listVersions(id, session.user) };
  }

  /** A new version of the plan from `baseVersion` (409 StaleVersion with the current plan when it changed since). */
  @Put()
  @ApiBody({ schema: openApiSchema(UpdatePlanRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(ChildProtectionPlanSchema) })
  update(
    @CurrentSession() session: AuthenticatedSession,
    @Param('childId', childId) id: string,
    @Body(new ZodValidationPipe(UpdatePlanRequestSchema)) body: UpdatePlanInput,
  ): Promise<ChildProtectionPlan> {
    return this.plans.updatePlan(id, session.user, body);
  }
}
