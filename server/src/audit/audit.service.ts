import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventType, AuditOutcome } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import { type AuditDetails, type AuditEntryContent, entryHash, GENESIS_HASH } from './audit-chain';

/** Who did it, as the server authenticated them (never as a client claims). */
export interface AuditActor {
  userId: string;
  agency: Agency;
}

/** The actor of an event from the authenticated user (or session user). */
export function auditActor(user: { id: string; agency: Agency }): AuditActor {
  return { userId: user.id, agency: user.agency };
}

export interface AuditEventInput {
  type: AuditEventType;
  outcome?: AuditOutcome;
  actor?: AuditActor | null;
  meetingId?: string | null;
  subject?: { type: string; id: string } | null;
  /** Ids, counts and codes only: never document text, children's names or tokens. */
  details?: AuditDetails;
}

/** Serialises appends to the chain; held to the end of the appending transaction. */
const CHAIN_LOCK = 'roundtable:audit-chain';

/**
 * Appends entries to the audit hash chain. `record` joins the caller's
 * transaction, so the entry commits or rolls back with the change it
 * describes; `recordAlone` is for events with no change (a refusal, a view).
 */
@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Appends one entry inside `manager`'s transaction. Call it last in the
   * transaction: appends are serialised from here until the commit.
   */
  async record(manager: EntityManager, input: AuditEventInput): Promise<number> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('audit entries must be written inside a transaction');
    await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [CHAIN_LOCK]);
    const [head] = (await manager.query(`SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1`)) as {
      seq: string;
      hash: Buffer;
    }[];
    const content: AuditEntryContent = {
      seq: head ? Number(head.seq) + 1 : 1,
      occurredAt: new Date().toISOString(),
      type: input.type,
      outcome: input.outcome ?? 'success',
      actorUserId: input.actor?.userId ?? null,
      actorAgency: input.actor?.agency ?? null,
      meetingId: input.meetingId ?? null,
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      details: input.details ?? {},
    };
    const prevHash = head ? Buffer.from(head.hash) : GENESIS_HASH;
    await manager.query(
      `INSERT INTO audit_events
         (seq, occurred_at, type, outcome, actor_user_id, actor_agency, meeting_id, subject_type, subject_id, details, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        content.seq,
        content.occurredAt,
        content.type,
        content.outcome,
        content.actorUserId,
        content.actorAgency,
        content.meetingId,
        content.subjectType,
        content.subjectId,
        JSON.stringify(content.details),
        prevHash,
        entryHash(prevHash, content),
      ],
    );
    return content.seq;
  }

  /** Appends one entry in its own transaction. */
  recordAlone(input: AuditEventInput): Promise<number> {
    return this.dataSource.transaction((manager) => this.record(manager, input));
  }
}
