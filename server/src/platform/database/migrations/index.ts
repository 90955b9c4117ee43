import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { DecisionsAndActions1764000000000 } from './1764000000000-decisions-and-actions';
import { AuditTrail1764100000000 } from './1764100000000-audit-trail';
import { AuditLifecycleEvents1764150000000 } from './1764150000000-audit-lifecycle-events';
import { MeetingLifecycle1764200000000 } from './1764200000000-meeting-lifecycle';
import { TemplatesSafetyPlan1764300000000 } from './1764300000000-templates-safety-plan';
import { SealedRecords1764400000000 } from './1764400000000-sealed-records';
import { OidcIdentities1764500000000 } from './1764500000000-oidc-identities';
import { MfaAndStepUp1764600000000 } from './1764600000000-mfa-and-step-up';
import { AccountAdministration1764700000000 } from './1764700000000-account-administration';
import { AppendDocumentUpdates1764900000000 } from './1764900000000-append-document-updates';
import { DocumentIntegrity1765000000000 } from './1765000000000-document-integrity';
import { DecisionRulesAndDissentParts1766100000000 } from './1766100000000-decision-rules-and-dissent-parts';
import { ChairPermission1766200000000 } from './1766200000000-chair-permission';
import { MeetingAgenda1766400000000 } from './1766400000000-meeting-agenda';
import { CompartmentsAndSharingDecisions1766500000000 } from './1766500000000-compartments-and-sharing-decisions';
import { HealthRestrictedEntries1766510000000 } from './1766510000000-health-restricted-entries';
import { PeopleNeedToKnow1766520000000 } from './1766520000000-people-need-to-know';
import { FamilyFacingItems1766530000000 } from './1766530000000-family-facing-items';
import { SealedRecordsPerReader1766531000000 } from './1766531000000-sealed-records-per-reader';
import { ChildRecordsAndPathway1766540000000 } from './1766540000000-child-records-and-pathway';
import { MeetingChildrenAdded1766541000000 } from './1766541000000-meeting-children-added';
import { TeamManagerChanged1766545000000 } from './1766545000000-team-manager-changed';
import { FamilyAccess1766550000000 } from './1766550000000-family-access';
import { FamilyGroupDecisionMaking1766552000000 } from './1766552000000-family-group-decision-making';
import { FamilyView1766554000000 } from './1766554000000-family-view';
import { RecordCirculation1766562000000 } from './1766562000000-record-circulation';
import { Invitations1766561000000 } from './1766561000000-invitations';
import { ServiceAccounts1766563000000 } from './1766563000000-service-accounts';
import { SealedRecordExports1766563100000 } from './1766563100000-sealed-record-exports';
import { NotificationsAndReminders1766564000000 } from './1766564000000-notifications-and-reminders';
import { Webhooks1766565000000 } from './1766565000000-webhooks';
import { AuditMerkleTree1766570000000 } from './1766570000000-audit-merkle-tree';
import { AuditWitnesses1766572000000 } from './1766572000000-audit-witnesses';
import { RetentionAndLegalHolds1766574000000 } from './1766574000000-retention-and-legal-holds';
import { ChildRetentionStatuses1766581000000 } from './1766581000000-child-retention-statuses';
import { SubjectAccessRequests1766576000000 } from './1766576000000-subject-access-requests';
import { AccountInvitationRevocation1766583000000 } from './1766583000000-account-invitation-revocation';
import { MailDeliveryRetries1766583100000 } from './1766583100000-mail-delivery-retries';
import { AudienceChecksAndRefusedExports1766585000000 } from './1766585000000-audience-checks-and-refused-exports';
import { AuditChainHeadLocked1766585100000 } from './1766585100000-audit-chain-head-locked';
import { AppendDocumentsUpdates1766585200000 } from './1766585200000-append-documents-updates';

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
  DocumentIntegrity1765000000000,
  DecisionRulesAndDissentParts1766100000000,
  ChairPermission1766200000000,
  MeetingAgenda1766400000000,
  CompartmentsAndSharingDecisions1766500000000,
  HealthRestrictedEntries1766510000000,
  PeopleNeedToKnow1766520000000,
  FamilyFacingItems1766530000000,
  SealedRecordsPerReader1766531000000,
  ChildRecordsAndPathway1766540000000,
  MeetingChildrenAdded1766541000000,
  TeamManagerChanged1766545000000,
  FamilyAccess1766550000000,
  FamilyGroupDecisionMaking1766552000000,
  FamilyView1766554000000,
  Invitations1766561000000,
  RecordCirculation1766562000000,
  ServiceAccounts1766563000000,
  SealedRecordExports1766563100000,
  NotificationsAndReminders1766564000000,
  Webhooks1766565000000,
  AuditMerkleTree1766570000000,
  AuditWitnesses1766572000000,
  RetentionAndLegalHolds1766574000000,
  SubjectAccessRequests1766576000000,
  ChildRetentionStatuses1766581000000,
  AccountInvitationRevocation1766583000000,
  MailDeliveryRetries1766583100000,
  AudienceChecksAndRefusedExports1766585000000,
  AuditChainHeadLocked1766585100000,
  AppendDocumentsUpdates1766585200000,
];
