import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AddBottomLineRequest,
  AddBottomLineRequestSchema,
  type AddSupportItemRequest,
  AddSupportItemRequestSchema,
  type AdvanceFgdmStageRequest,
  AdvanceFgdmStageRequestSchema,
  type FamilyFgdmState,
  FamilyFgdmStateSchema,
  type FgdmState,
  FgdmStateSchema,
  PresentFamilyPlanRequestSchema,
  type RecordPlanResponseRequest,
  RecordPlanResponseRequestSchema,
  type WithdrawSupportItemRequest,
  WithdrawSupportItemRequestSchema,
} from '@roundtable/shared/fgdm';
import {
  type AuthenticatedSession,
  CurrentFamilyMember,
  CurrentSession,
  type FamilyPrincipal,
  FamilyRoute,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { FgdmService } from './fgdm.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const presentationId = new UuidParamPipe(
  'NotFound',
  'No presentation of the family’s plan with that id was found in this meeting',
);
const itemId = new UuidParamPipe('NotFound', 'No support package item with that id was found in this meeting');

/** A family group decision-making meeting, as its professionals run it (docs/FAMILY.md). */
@ApiTags('fgdm')
@Controller('meetings/:id/fgdm')
export class FgdmController {
  constructor(private readonly fgdm: FgdmService) {}

  /** Stages, private family time, bottom lines, presented plans, responses and the support package (members). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  state(@CurrentSession() session: AuthenticatedSession, @Param('id', meetingId) id: string): Promise<FgdmState> {
    return this.fgdm.state(id, session.user);
  }

  /** Moves the meeting to the next stage (the coordinator). */
  @Post('stages')
  @ApiBody({ schema: openApiSchema(AdvanceFgdmStageRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  advance(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AdvanceFgdmStageRequestSchema)) body: AdvanceFgdmStageRequest,
  ): Promise<FgdmState> {
    return this.fgdm.advance(id, session.user, body);
  }

  /** Adds a bottom line (the coordinator or a social worker, during preparation or information-giving). */
  @Post('bottom-lines')
  @ApiBody({ schema: openApiSchema(AddBottomLineRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  addBottomLine(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AddBottomLineRequestSchema)) body: AddBottomLineRequest,
  ): Promise<FgdmState> {
    return this.fgdm.addBottomLine(id, session.user, body);
  }

  /** Records the professionals' response to a presented plan (the coordinator, during the response). */
  @Post('presentations/:presentationId/responses')
  @ApiBody({ schema: openApiSchema(RecordPlanResponseRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  respond(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('presentationId', presentationId) presentation: string,
    @Body(new ZodValidationPipe(RecordPlanResponseRequestSchema)) body: RecordPlanResponseRequest,
  ): Promise<FgdmState> {
    return this.fgdm.respond(id, presentation, session.user, body);
  }

  /** Adds an item to the family network support package (the coordinator). */
  @Post('support-items')
  @ApiBody({ schema: openApiSchema(AddSupportItemRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  addSupportItem(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AddSupportItemRequestSchema)) body: AddSupportItemRequest,
  ): Promise<FgdmState> {
    return this.fgdm.addSupportItem(id, session.user, body);
  }

  /** Withdraws a support package item, with the reason (the coordinator); it stays on record. */
  @Post('support-items/:itemId/withdrawals')
  @ApiBody({ schema: openApiSchema(WithdrawSupportItemRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FgdmStateSchema) })
  withdrawSupportItem(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('itemId', itemId) item: string,
    @Body(new ZodValidationPipe(WithdrawSupportItemRequestSchema)) body: WithdrawSupportItemRequest,
  ): Promise<FgdmState> {
    return this.fgdm.withdrawSupportItem(id, item, session.user, body);
  }
}

/** The family's side of its family group decision-making meeting (signed-in family members only). */
@ApiTags('fgdm')
@FamilyRoute()
@Controller('family/fgdm')
export class FamilyFgdmController {
  constructor(private readonly fgdm: FgdmService) {}

  /** The stage, bottom lines, the family's presentations and the responses (no professional's name). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(FamilyFgdmStateSchema) })
  state(@CurrentFamilyMember() family: FamilyPrincipal): Promise<FamilyFgdmState> {
    return this.fgdm.familyState(family);
  }

  /** Presents the family's draft plan as it stands now: from then on the professionals can read that version. */
  @Post('plan/presentations')
  @ApiBody({ schema: openApiSchema(PresentFamilyPlanRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FamilyFgdmStateSchema) })
  present(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Body(new ZodValidationPipe(PresentFamilyPlanRequestSchema)) _body: unknown,
  ): Promise<FamilyFgdmState> {
    return this.fgdm.present(family);
  }
}
