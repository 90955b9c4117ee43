import { z } from 'zod';
import { AGENCIES, LIMITS } from './constants';

/**
 * The audit trail: who did what to a child's record, when, and what was
 * refused. Entries carry ids and counts, never document text, children's
 * names or tokens. See docs/AUDIT.md for the hash chain and checkpoints.
 */

/** Every kind of audited event. The server writes nothing else. */
export const AUDIT_EVENT_TYPES = [
  'auth.sign-in',
  'auth.sign-in-failed',
  'auth.sign-out',
  'auth.session-expired',
  'user.created',
  'user.disabled',
  'user.enabled',
  'user.sessions-ended',
  'user.chair-permission-changed',
  'meeting.created',
  'meeting.changed',
  'member.added',
  'member.removed',
  'member.role-changed',
  'room.joined',
  'room.left',
  'document.opened',
  'document.edited',
  'decision.opened',
  'decision.closed',
  'view.recorded',
  'la-decision.recorded',
  'la-decision.corrected',
  'dissent.recorded',
  'escalation.step',
  'escalation.resolved',
  'action.created',
  'action.changed',
  'record.exported',
  'audit.viewed',
  'audit.exported',
  'audit.verified',
  'access.refused',
  'meeting.started',
  'meeting.concluded',
  'decision.not-reached',
  'addendum.added',
  'addendum.signed-off',
  'review.created',
  'attendance.apology',
  'safety-plan.scored',
  'entry.flagged',
  'entry.flag-refused',
  'record.sealed',
  'auth.identity-linked',
  'auth.mfa-enrolled',
  'auth.mfa-disabled',
  'auth.mfa-failed',
  'auth.mfa-locked',
  'auth.recovery-codes-generated',
  'auth.recovery-code-used',
  'auth.step-up',
  'document.update-quarantined',
  'agenda.moved',
  'family-facing.set',
  'compartment.created',
  'compartment.shared',
  'compartment.share-refused',
  'compartment.migrated',
  'sharing.decided',
  'protected-person.added',
  'protected-person.shared',
  'user.organisation-changed',
  'child.created',
  'child.updated',
  'child.household-set',
  'child.lcpp-set',
  'meeting.child-added',
  'meeting.child-removed',
  'conference.outcome-recorded',
  'plan.started',
  'plan.changed',
  'plan.reviewed',
  'plan.ended',
  'report.submitted',
  'report.sharing-changed',
  'meeting.part-started',
  'meeting.part-ended',
  'user.team-manager-changed',
  'family.invited',
  'family.revoked',
  'family.code-sent',
  'family.code-refused',
  'family.signed-in',
  'family.signed-out',
  'fgdm.stage-entered',
  'fgdm.bottom-line-added',
  'fgdm.plan-presented',
  'fgdm.plan-response-recorded',
  'fgdm.support-item-added',
  'fgdm.support-item-withdrawn',
  'family.view-submitted',
  'family.attendance-recorded',
  'family.safety-plan-signed',
  'family.record-downloaded',
  'record.circulated',
  'record.recipient-code-sent',
  'record.recipient-code-refused',
  'record.recipient-downloaded',
  'invitation.created',
  'invitation.accepted',
  'invitation.refused',
  'invitation.revoked',
  'service-account.created',
  'service-account.disabled',
  'service-account.token-issued',
  'service-account.token-revoked',
  'service-account.records-listed',
  'jobs.run-requested',
  'webhook.subscription-created',
  'webhook.subscription-changed',
  'webhook.delivery-replayed',
  'retention.destroyed',
  'retention.run',
  'retention.run-requested',
  'retention.child-status-recorded',
  'legal-hold.placed',
  'legal-hold.lifted',
  'subject-access.opened',
  'subject-access.viewed',
  'subject-access.redacted',
  'subject-access.signed-off',
  'subject-access.exported',
  'audit.witness-registered',
  'audit.witness-retired',
  'audit.cosigned',
  'audit.checkpoint-refused',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export const AUDIT_OUTCOMES = ['success', 'refused'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** Origin line of every signed checkpoint (C2SP signed-note style, as in RFC 9162 signed tree heads). */
export const AUDIT_CHECKPOINT_ORIGIN = 'roundtable-audit/v1';

const isoDateTime = (label: string) =>
  z.iso.datetime({
    offset: true,
    error: `${label} must be a date and time in ISO 8601 format, like 2026-03-02T13:00:00Z`,
  });
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/**
 * Filters of the auditor's workspace (query string of GET /api/audit/events and
 * its exports). A range longer than LIMITS.auditMaxRangeDays is refused: narrow it.
 */
export const AuditQuerySchema = z
  .strictObject({
    meetingId: z.uuid({ error: 'meetingId must be a meeting id' }).optional(),
    userId: z.uuid({ error: 'userId must be a user id' }).optional(),
    agency: z.enum(AGENCIES, { error: `agency must be one of: ${AGENCIES.join(', ')}` }).optional(),
    type: oneOrMany(z.enum(AUDIT_EVENT_TYPES, { error: 'type must be a known audit event type' })).optional(),
    outcome: z.enum(AUDIT_OUTCOMES, { error: `outcome must be one of: ${AUDIT_OUTCOMES.join(', ')}` }).optional(),
    from: isoDateTime('from').optional(),
    to: isoDateTime('to').optional(),
    /** Newest first: the page after the entry with this sequence number. */
    before: z.coerce
      .number({ error: 'before must be an entry number' })
      .int('before must be an entry number')
      .positive('before must be an entry number')
      .optional(),
    limit: z.coerce
      .number({ error: 'limit must be a number' })
      .int('limit must be a whole number')
      .min(1, 'limit must be at least 1')
      .max(LIMITS.auditPageMax, `limit must be at most ${LIMITS.auditPageMax}`)
      .default(50),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.to) - Date.parse(q.from) <= LIMITS.auditMaxRangeDays * 86_400_000, {
    message: `The time range can be at most ${LIMITS.auditMaxRangeDays} days: narrow it`,
    path: ['to'],
  });
export type AuditQuery = z.input<typeof AuditQuerySchema>;

export const AuditEventResponseSchema = z.object({
  seq: z.number().int(),
  occurredAt: z.string(),
  type: z.enum(AUDIT_EVENT_TYPES),
  outcome: z.enum(AUDIT_OUTCOMES),
  actor: z.object({ userId: z.uuid(), displayName: z.string(), agency: z.enum(AGENCIES) }).nullable(),
  meetingId: z.uuid().nullable(),
  meetingReference: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  /** SHA-256 of the entry (hex), as chained. */
  hash: z.string(),
});
export type AuditEventResponse = z.infer<typeof AuditEventResponseSchema>;

export const AuditPageResponseSchema = z.object({
  events: z.array(AuditEventResponseSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPageResponse = z.infer<typeof AuditPageResponseSchema>;

export const AuditVerificationResponseSchema = z.object({
  ok: z.boolean(),
  verifiedAt: z.string(),
  entriesChecked: z.number().int(),
  checkpointsChecked: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  firstBroken: z.object({ seq: z.number().int(), kind: z.string(), message: z.string() }).nullable(),
  problems: z.array(z.object({ seq: z.number().int(), kind: z.string(), message: z.string() })),
  notes: z.array(z.string()),
  publicKeyId: z.string(),
});
export type AuditVerificationResponse = z.infer<typeof AuditVerificationResponseSchema>;

export const AuditCheckpointResponseSchema = z.object({
  treeSize: z.number().int(),
  headHash: z.string(),
  signedAt: z.string(),
  keyId: z.string(),
  signature: z.string(),
});
export const AuditCheckpointsResponseSchema = z.object({ checkpoints: z.array(AuditCheckpointResponseSchema) });
export type AuditCheckpointsResponse = z.infer<typeof AuditCheckpointsResponseSchema>;

const treeSize = (label: string) =>
  z.coerce
    .number({ error: `${label} must be the tree size of a signed checkpoint` })
    .int(`${label} must be the tree size of a signed checkpoint`)
    .positive(`${label} must be the tree size of a signed checkpoint`)
    .max(Number.MAX_SAFE_INTEGER, `${label} must be the tree size of a signed checkpoint`);

/** Query of GET /api/audit/entries/:seq/proof: the checkpoint to prove against (default: the latest). */
export const AuditInclusionProofQuerySchema = z.strictObject({ size: treeSize('size').optional() });
export type AuditInclusionProofQuery = z.input<typeof AuditInclusionProofQuerySchema>;

/** Query of GET /api/audit/consistency: two checkpoint sizes, from ≤ to (to defaults to the latest). */
export const AuditConsistencyQuerySchema = z
  .strictObject({ from: treeSize('from'), to: treeSize('to').optional() })
  .refine((q) => q.to === undefined || q.from <= q.to, { message: 'from must not be larger than to', path: ['from'] });
export type AuditConsistencyQuery = z.input<typeof AuditConsistencyQuerySchema>;

/**
 * An RFC 9162 inclusion proof of one entry in the Merkle tree of a signed
 * checkpoint (docs/AUDIT.md "Merkle tree"). Hashes are hex; the checkpoint is
 * the C2SP signed note whose root (base64 on its third line) the proof leads to.
 */
export const AuditInclusionProofResponseSchema = z.object({
  seq: z.number().int(),
  /** seq − 1. */
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  /** The entry's chain hash: the leaf's data. */
  entryHash: z.string(),
  /** SHA-256(0x00 ‖ entryHash). */
  leafHash: z.string(),
  proof: z.array(z.string()),
  rootHash: z.string(),
  checkpoint: z.string(),
});
export type AuditInclusionProofResponse = z.infer<typeof AuditInclusionProofResponseSchema>;

/** An RFC 9162 consistency proof: the tree of `from` entries is a prefix of the tree of `to` entries. */
export const AuditConsistencyProofResponseSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  proof: z.array(z.string()),
  fromRootHash: z.string(),
  toRootHash: z.string(),
  fromCheckpoint: z.string(),
  toCheckpoint: z.string(),
});
export type AuditConsistencyProofResponse = z.infer<typeof AuditConsistencyProofResponseSchema>;

/** A meeting as the auditor's workspace lists it: metadata only. */
export const AuditMeetingSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  scheduledAt: z.string(),
  format: z.string(),
  createdAt: z.string(),
  memberCount: z.number().int(),
  childCount: z.number().int(),
  eventCount: z.number().int(),
});
export const AuditMeetingsResponseSchema = z.object({ meetings: z.array(AuditMeetingSchema) });
export type AuditMeetingsResponse = z.infer<typeof AuditMeetingsResponseSchema>;

/** Reading record content is justified and logged (DOMAIN.md §7): the reason is kept in the audit trail. */
export const RecordHistoryQuerySchema = z.strictObject({
  at: isoDateTime('at').optional(),
  reason: z
    .string({ error: 'Enter why you need to read this record' })
    .trim()
    .min(1, 'Enter why you need to read this record')
    .max(LIMITS.auditReasonMaxLength, `The reason must be ${LIMITS.auditReasonMaxLength} characters or fewer`),
});
export type RecordHistoryQuery = z.input<typeof RecordHistoryQuerySchema>;

/** Why a stored change of a record was set aside instead of applied (docs/REALTIME.md, "Integrity"). */
export const SET_ASIDE_PROBLEMS = [
  'does-not-decode',
  'missing-dependency',
  'forward-reference',
  'missing-deletion-target',
  'unsafe-overlap',
] as const;

export const RecordHistoryResponseSchema = z.object({
  meetingId: z.uuid(),
  /** The state shown: after every update stored up to this time. */
  at: z.string(),
  updatesApplied: z.number().int(),
  /**
   * Stored changes that could never be applied (sent before updates were
   * checked on arrival): kept in quarantine, with who sent them and why, and
   * not part of the state shown.
   */
  setAside: z.array(
    z.object({
      updateId: z.string(),
      storedAt: z.string(),
      sentBy: z.object({ userId: z.uuid(), displayName: z.string(), agency: z.enum(AGENCIES) }).nullable(),
      problem: z.enum(SET_ASIDE_PROBLEMS),
    }),
  ),
  sections: z.array(
    z.object({
      key: z.string(),
      title: z.string(),
      blocks: z.array(
        z.object({
          type: z.string(),
          runs: z.array(
            z.object({
              text: z.string(),
              author: z.object({ userId: z.uuid(), displayName: z.string(), agency: z.enum(AGENCIES) }).nullable(),
            }),
          ),
        }),
      ),
    }),
  ),
  /**
   * The restricted compartments beside the record as they were at `at`
   * (docs/SECURITY.md "Need-to-know"), with their text attributed: an
   * auditor reads restricted content only here, through this justified and
   * audited access. `audience` is its label, or null once lifted.
   */
  compartments: z
    .array(
      z.object({
        id: z.uuid(),
        documentKind: z.enum(['record', 'safety-plan']),
        sectionKey: z.string(),
        ownerAgency: z.enum(AGENCIES),
        audience: z.string().nullable(),
        createdAt: z.string(),
        blocks: z.array(
          z.object({
            type: z.string(),
            runs: z.array(
              z.object({
                text: z.string(),
                author: z.object({ userId: z.uuid(), displayName: z.string(), agency: z.enum(AGENCIES) }).nullable(),
              }),
            ),
          }),
        ),
      }),
    )
    .optional(),
});
export type RecordHistoryResponse = z.infer<typeof RecordHistoryResponseSchema>;

// ---- Witnesses and cosignatures (docs/AUDIT.md, "Witnesses") ----------------------------------------------------

/** A C2SP key name: printable ASCII without spaces or `+`, e.g. `police.example-witness`. */
export const WITNESS_NAME_PATTERN = /^[!-*,-~]{1,100}$/;

/** An administrator registers a partner's witness key (step-up): its name, agency, key and service account. */
export const RegisterWitnessRequestSchema = z.strictObject({
  name: z
    .string({ error: 'Enter the witness key name' })
    .regex(WITNESS_NAME_PATTERN, 'The name is a C2SP key name: letters, digits and punctuation, no spaces or +'),
  agency: z.enum(AGENCIES, { error: `agency must be one of: ${AGENCIES.join(', ')}` }),
  /** The service account (scope `audit:witness`) whose token submits this witness's cosignatures. */
  serviceAccountId: z.uuid({ error: 'serviceAccountId must be a service account id' }),
  /** The Ed25519 public key: a C2SP verifier key (`name+keyid+base64`) or an SPKI PEM. */
  publicKey: z
    .string({ error: 'Enter the public key (a C2SP verifier key or a PEM)' })
    .min(1, 'Enter the public key (a C2SP verifier key or a PEM)')
    .max(2000, 'The public key is at most 2000 characters'),
});
export type RegisterWitnessRequest = z.input<typeof RegisterWitnessRequestSchema>;

export const AuditWitnessSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  agency: z.enum(AGENCIES),
  /** The 4-byte C2SP key id (type 0x04, cosignature/v1), hex. */
  keyId: z.string(),
  /** The C2SP verifier key (`name+keyid+base64(0x04 ‖ key)`) to give `npm run audit:verify -- --witness-key`. */
  verifierKey: z.string(),
  serviceAccountId: z.uuid(),
  status: z.enum(['active', 'retired']),
  registeredAt: z.string(),
  retiredAt: z.string().nullable(),
  /** The largest tree size this witness has cosigned, with when it cosigned it; null before its first. */
  cosignedSize: z.number().int().nullable(),
  cosignedAt: z.string().nullable(),
});
export type AuditWitness = z.infer<typeof AuditWitnessSchema>;

export const AuditWitnessListResponseSchema = z.object({
  witnesses: z.array(AuditWitnessSchema),
  /** The size of the latest signed checkpoint (0 when none), to compare with what each witness has cosigned. */
  latestCheckpointSize: z.number().int(),
});
export type AuditWitnessListResponse = z.infer<typeof AuditWitnessListResponseSchema>;

/** A witness submits its cosignature: the checkpoint as it fetched it, and its cosignature line. */
export const SubmitCosignatureRequestSchema = z.strictObject({
  checkpoint: z
    .string({ error: 'checkpoint must be the signed checkpoint note' })
    .min(1, 'checkpoint must be the signed checkpoint note')
    .max(8000, 'checkpoint is at most 8000 characters'),
  cosignature: z
    .string({ error: 'cosignature must be a signature line' })
    .min(1, 'cosignature must be a signature line')
    .max(1000, 'cosignature is at most 1000 characters'),
});
export type SubmitCosignatureRequest = z.input<typeof SubmitCosignatureRequestSchema>;

export const SubmitCosignatureResponseSchema = z.object({
  witnessId: z.uuid(),
  treeSize: z.number().int(),
  /** False when this witness had already cosigned this checkpoint (nothing new stored). */
  stored: z.boolean(),
});
export type SubmitCosignatureResponse = z.infer<typeof SubmitCosignatureResponseSchema>;

const treeSizeParam = (label: string) =>
  z.coerce
    .number({ error: `${label} must be a tree size` })
    .int(`${label} must be a whole number`)
    .min(0, `${label} must be at least 0`);

/** GET /api/audit/witness/consistency?from=M&to=N (the witness's own route). */
export const WitnessConsistencyQuerySchema = z
  .strictObject({ from: treeSizeParam('from'), to: treeSizeParam('to') })
  .refine((q) => q.from <= q.to, { message: 'from must not be larger than to', path: ['from'] });

export const WitnessConsistencyResponseSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  /** RFC 9162 consistency proof, each hash base64. */
  proof: z.array(z.string()),
});
export type WitnessConsistencyResponse = z.infer<typeof WitnessConsistencyResponseSchema>;
