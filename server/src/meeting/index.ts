/**
 * The meeting area's public surface: what other areas may import (lint allows nothing else).
 */
export { AgendaModule } from './agenda/agenda.module';
export { AgendaService } from './agenda/agenda.service';
export { ActionChangeEntity } from './actions/action-change.entity';
export { ActionEntity } from './actions/action.entity';
export { ActionsModule } from './actions/actions.module';
export { ActionsService } from './actions/actions.service';
export { AttendanceModule } from './attendance/attendance.module';
export { AttendanceService } from './attendance/attendance.service';
export { ChildIdentityService } from './children/child-identity.service';
export { ChildPagesModule } from './children/child-pages.module';
export { AgencyReportsService } from './conferences/agency-reports.service';
export { ConferencesModule } from './conferences/conferences.module';
export { MeetingPartsService } from './conferences/meeting-parts.service';
export { CompartmentEntity } from './compartments/compartment.entity';
export { type CompartmentRecord, CompartmentRepository } from './compartments/compartment.repository';
export { CompartmentsModule } from './compartments/compartments.module';
export { type CompartmentBroadcast, CompartmentsService } from './compartments/compartments.service';
export { MeetingChangeRequestEntity } from './changes/meeting-change-request.entity';
export { type ChangeOutcome } from './changes/meeting-changes.service';
export { AgencyViewEntity } from './decisions/agency-view.entity';
export { DecisionChildEntity } from './decisions/decision-child.entity';
export { DecisionEntity } from './decisions/decision.entity';
export { DecisionsModule } from './decisions/decisions.module';
export { DecisionsService } from './decisions/decisions.service';
export { DissentEntity } from './decisions/dissent.entity';
export { EscalationStepEntity } from './decisions/escalation-step.entity';
export { EscalationEntity } from './decisions/escalation.entity';
export { LaDecisionEntity } from './decisions/la-decision.entity';
export { EntryFlagsModule } from './entry-flags/entry-flags.module';
export { EntryFlagsService, type FlagOutcome } from './entry-flags/entry-flags.service';
export { FamilyFacingModule } from './family-facing/family-facing.module';
export { FamilyFacingService } from './family-facing/family-facing.service';
export { FamilyMembersModule } from './family-members/family-members.module';
export { FamilyMembersService } from './family-members/family-members.service';
export { LifecycleModule } from './lifecycle/lifecycle.module';
export { LifecycleService } from './lifecycle/lifecycle.service';
export { LiveDocuments, type TextBlock, type TextRun, type TextSection } from './live-documents';
export { MeetingBroadcasts } from './meeting-broadcasts';
export {
  actionFor,
  actionRedactionKey,
  decisionFor,
  decisionRedactionKey,
  perReader,
  viewFor,
} from './need-to-know/entry-redaction';
export { MeetingModule } from './meeting.module';
export { MeetingChildEntity } from './meetings/meeting-child.entity';
export { MeetingMemberEntity } from './meetings/meeting-member.entity';
export { MeetingEntity } from './meetings/meeting.entity';
export { MeetingsModule } from './meetings/meetings.module';
export { MEETING_NOT_FOUND } from './meetings/meeting.errors';
export { MeetingsService } from './meetings/meetings.service';
export { InviteeAccessSweeper } from './meetings/invitee-access.sweeper';
export { ChildPathwayService } from './plans/child-pathway.service';
export { ConferenceOutcomesService } from './plans/conference-outcomes.service';
export { PlansService } from './plans/plans.service';
export { FamilyPlanConnections } from './fgdm/family-plan-connections';
export { FgdmModule } from './fgdm/fgdm.module';
export { FgdmService } from './fgdm/fgdm.service';
export { PlansModule } from './plans/plans.module';
export { ProtectedPersonEntity } from './protected-persons/protected-person.entity';
export { ProtectedPersonsModule } from './protected-persons/protected-persons.module';
export { type ProtectedPersonChange, ProtectedPersonsService } from './protected-persons/protected-persons.service';
export { SafetyPlanModule } from './safety-plan/safety-plan.module';
export { SafetyPlanScoreEntity } from './safety-plan/safety-plan-score.entity';
export { SafetyPlanScoresService } from './safety-plan/safety-plan-scores.service';
export { SealedRecordEntity } from './sealed-records/sealed-record.entity';
export { DocumentTemplatesService } from './templates/document-templates.service';
export { MeetingDocumentTemplateEntity } from './templates/meeting-document-template.entity';
export { SharingDecisionEntity } from './sharing-decisions/sharing-decision.entity';
export { SharingDecisionRepository } from './sharing-decisions/sharing-decision.repository';
export { SharingDecisionsModule } from './sharing-decisions/sharing-decisions.module';
export { SharingDecisionsService } from './sharing-decisions/sharing-decisions.service';
export { TemplatesModule } from './templates/templates.module';
