import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  type ChildRetentionStatus,
  ChildRetentionStatusSchema,
  type RecordChildRetentionStatusRequest,
  RecordChildRetentionStatusRequestSchema,
  type LegalHold,
  type LegalHoldListResponse,
  LegalHoldListResponseSchema,
  LegalHoldSchema,
  type LiftLegalHoldRequest,
  LiftLegalHoldRequestSchema,
  type PlaceLegalHoldRequest,
  PlaceLegalHoldRequestSchema,
  type RetentionStatusResponse,
  RetentionStatusResponseSchema,
  type RunRetentionResponse,
  RunRetentionResponseSchema,
} from '@roundtable/shared/retention';
import { auditActor } from '../../audit';
import { AdminGuard } from '../../identity';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { ChildRetentionStatusesService } from './child-retention-statuses.service';
import { HOLD_NOT_FOUND, LegalHoldsService } from './legal-holds.service';
import { RetentionService } from './retention.service';

const holdId = new UuidParamPipe('NotFound', HOLD_NOT_FOUND);
const by = (session: AuthenticatedSession) => auditActor(session.user);

/**
 * Retention and legal holds (docs/RETENTION.md). Administrators only
 * (AdminGuard runs before validation); placing and lifting a hold and running
 * a destruction now need step-up; every change is audited.
 */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin')
export class RetentionController {
  constructor(
    private readonly retention: RetentionService,
    private readonly holds: LegalHoldsService,
    private readonly childStatuses: ChildRetentionStatusesService,
  ) {}

  /** Each rule with what is due and held now, the last run and the count of tombstones. */
  @Get('retention')
  @ApiOkResponse({ schema: openApiSchema(RetentionStatusResponseSchema) })
  status(): Promise<RetentionStatusResponse> {
    return this.retention.status();
  }

  /** Queues a destruction run now (audited retention.run-requested). */
  @Post('retention/run')
  @RequiresStepUp()
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: openApiSchema(RunRetentionResponseSchema) })
  async run(@CurrentSession() session: AuthenticatedSession): Promise<RunRetentionResponse> {
    return { queued: await this.retention.queueRun(by(session)) };
  }

  /** Marks a child looked after or adopted: their records are kept for those longer periods (never removed). */
  @Post('retention/child-statuses')
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(RecordChildRetentionStatusRequestSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(ChildRetentionStatusSchema) })
  recordChildStatus(
    @Body(new ZodValidationPipe(RecordChildRetentionStatusRequestSchema)) body: RecordChildRetentionStatusRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<ChildRetentionStatus> {
    return this.childStatuses.record(body, by(session));
  }

  /** Every legal hold, in force first. */
  @Get('legal-holds')
  @ApiOkResponse({ schema: openApiSchema(LegalHoldListResponseSchema) })
  async listHolds(): Promise<LegalHoldListResponse> {
    return { holds: await this.holds.list() };
  }

  /** Places a hold on a meeting or a child: its records are not destroyed while it is in force. */
  @Post('legal-holds')
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(PlaceLegalHoldRequestSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(LegalHoldSchema) })
  place(
    @Body(new ZodValidationPipe(PlaceLegalHoldRequestSchema)) body: PlaceLegalHoldRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<LegalHold> {
    return this.holds.place(body, by(session));
  }

  /** Lifts a hold, with the reason. */
  @Post('legal-holds/:id/lift')
  @RequiresStepUp()
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(LiftLegalHoldRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(LegalHoldSchema) })
  lift(
    @Param('id', holdId) id: string,
    @Body(new ZodValidationPipe(LiftLegalHoldRequestSchema)) body: LiftLegalHoldRequest,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<LegalHold> {
    return this.holds.lift(id, body, by(session));
  }
}
