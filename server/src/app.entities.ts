import { ActionChangeEntity } from './meeting/actions/action-change.entity';
import { ActionEntity } from './meeting/actions/action.entity';
import { SessionEntity } from './identity/auth/session.entity';
import { DocumentSnapshotEntity } from './realtime/collab/document-snapshot.entity';
import { DocumentUpdateEntity } from './realtime/collab/document-update.entity';
import { AgencyViewEntity } from './meeting/decisions/agency-view.entity';
import { DecisionChildEntity } from './meeting/decisions/decision-child.entity';
import { DecisionEntity } from './meeting/decisions/decision.entity';
import { DissentEntity } from './meeting/decisions/dissent.entity';
import { EscalationStepEntity } from './meeting/decisions/escalation-step.entity';
import { EscalationEntity } from './meeting/decisions/escalation.entity';
import { LaDecisionEntity } from './meeting/decisions/la-decision.entity';
import { MeetingChangeRequestEntity } from './meeting/changes/meeting-change-request.entity';
import { MeetingChildEntity } from './meeting/meetings/meeting-child.entity';
import { MeetingMemberEntity } from './meeting/meetings/meeting-member.entity';
import { MeetingEntity } from './meeting/meetings/meeting.entity';
import { InitialSchema1763800000000 } from './platform/database/migrations/1763800000000-initial-schema';
import { DecisionsAndActions1764000000000 } from './platform/database/migrations/1764000000000-decisions-and-actions';
import { AuditTrail1764100000000 } from './platform/database/migrations/1764100000000-audit-trail';
import { AuditLifecycleEvents1764150000000 } from './platform/database/migrations/1764150000000-audit-lifecycle-events';
import { MeetingLifecycle1764200000000 } from './platform/database/migrations/1764200000000-meeting-lifecycle';
import { TemplatesSafetyPlan1764300000000 } from './platform/database/migrations/1764300000000-templates-safety-plan';
import { SealedRecords1764400000000 } from './platform/database/migrations/1764400000000-sealed-records';
import { OidcIdentities1764500000000 } from './platform/database/migrations/1764500000000-oidc-identities';
import { OidcTransactionEntity } from './identity/oidc/oidc-transaction.entity';
import { UserIdentityEntity } from './identity/oidc/user-identity.entity';
import { MfaAndStepUp1764600000000 } from './platform/database/migrations/1764600000000-mfa-and-step-up';
import { AttemptLimitEntity } from './identity/mfa/attempt-limit.entity';
import { RecoveryCodeEntity } from './identity/mfa/recovery-code.entity';
import { UserMfaEntity } from './identity/mfa/user-mfa.entity';
import { AccountAdministration1764700000000 } from './platform/database/migrations/1764700000000-account-administration';
import { AppendDocumentUpdates1764900000000 } from './platform/database/migrations/1764900000000-append-document-updates';
import { SealedRecordEntity } from './meeting/sealed-records/sealed-record.entity';
import { SafetyPlanScoreEntity } from './meeting/safety-plan/safety-plan-score.entity';
import { MeetingDocumentTemplateEntity } from './meeting/templates/meeting-document-template.entity';
import { UserEntity } from './identity/users/user.entity';

/** Every entity; the DataSource, the migration check and tests use this one list. */
export const ENTITIES = [
  UserEntity,
  SessionEntity,
  MeetingEntity,
  MeetingChildEntity,
  MeetingMemberEntity,
  DocumentUpdateEntity,
  DocumentSnapshotEntity,
  DecisionEntity,
  DecisionChildEntity,
  AgencyViewEntity,
  LaDecisionEntity,
  DissentEntity,
  EscalationEntity,
  EscalationStepEntity,
  ActionEntity,
  ActionChangeEntity,
  MeetingChangeRequestEntity,
  MeetingDocumentTemplateEntity,
  SafetyPlanScoreEntity,
  SealedRecordEntity,
  UserIdentityEntity,
  OidcTransactionEntity,
  UserMfaEntity,
  RecoveryCodeEntity,
  AttemptLimitEntity,
];

/** Every migration, in order. */
export const MIGRATIONS = [
  InitialSchema1763800000000,
  DecisionsAndActions1764000000000,
  AuditTrail1764100000000,
  AuditLifecycleEvents1764150000000,
  MeetingLifecycle1764200000000,
  TemplatesSafetyPlan1764300000000,
  SealedRecords1764400000000,
  OidcIdentities1764500000000,
  MfaAndStepUp1764600000000,
  AccountAdministration1764700000000,
  AppendDocumentUpdates1764900000000,
];
