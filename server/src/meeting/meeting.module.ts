import { Module } from '@nestjs/common';
import { ActionsModule } from './actions/actions.module';
import { AgendaModule } from './agenda/agenda.module';
import { AddendaModule } from './addenda/addenda.module';
import { AttendanceModule } from './attendance/attendance.module';
import { ChildPagesModule } from './children/child-pages.module';
import { CirculationModule } from './circulation/circulation.module';
import { CompartmentsModule } from './compartments/compartments.module';
import { ConferencesModule } from './conferences/conferences.module';
import { DecisionsModule } from './decisions/decisions.module';
import { FamilyFacingModule } from './family-facing/family-facing.module';
import { FamilyMembersModule } from './family-members/family-members.module';
import { InvitationsModule } from './invitations/invitations.module';
import { FgdmModule } from './fgdm/fgdm.module';
import { FamilyViewModule } from './family-view/family-view.module';
import { LifecycleModule } from './lifecycle/lifecycle.module';
import { MeetingLifecycleEventsModule } from './lifecycle/meeting-lifecycle-events.module';
import { MeetingsModule } from './meetings/meetings.module';
import { PlansModule } from './plans/plans.module';
import { ProtectedPersonsModule } from './protected-persons/protected-persons.module';
import { SafetyPlanModule } from './safety-plan/safety-plan.module';
import { RecordExportModule } from './record-export/record-export.module';
import { RemindersModule } from './reminders/reminders.module';
import { RetentionModule } from './retention/retention.module';
import { RecordsModule } from './sealed-records/records.module';
import { SharingDecisionsModule } from './sharing-decisions/sharing-decisions.module';
import { SubjectAccessModule } from './subject-access/subject-access.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * The meeting area: strategy discussions and their members, lifecycle,
 * decisions, actions, attendance, addenda, the safety plan's scores and the
 * sealed record. Its live documents are reached through LiveDocuments, which
 * the realtime area provides.
 */
@Module({
  imports: [
    MeetingLifecycleEventsModule,
    MeetingsModule,
    ConferencesModule,
    DecisionsModule,
    ActionsModule,
    AgendaModule,
    LifecycleModule,
    AddendaModule,
    AttendanceModule,
    SafetyPlanModule,
    RecordsModule,
    FamilyFacingModule,
    CompartmentsModule,
    SharingDecisionsModule,
    ProtectedPersonsModule,
    PlansModule,
    ChildPagesModule,
    FamilyMembersModule,
    InvitationsModule,
    FgdmModule,
    FamilyViewModule,
    CirculationModule,
    RecordExportModule,
    RemindersModule,
    WebhooksModule,
    RetentionModule,
    SubjectAccessModule,
  ],
})
export class MeetingModule {}
