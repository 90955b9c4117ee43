import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditEventType, AuditOutcome } from '@roundtable/shared/audit';
import type { Agency } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import { GroupCommit } from '../../platform';
import {
  type AuditDetails,
  type AuditEntryContent,
  entryHash,
  GENESIS_HASH,
  type StoredAuditEntry,
} from './audit-chain';
import { AuditRepository } from './audit.repository';

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

/** Entries one shared `recordAlone` transaction writes at most. */
const MAX_ENTRIES_PER_INSERT = 1_000;

/**
 * Appends entries to the audit hash chain. `record` joins the caller's
 * transaction, so the entry commits or rolls back with the change it
 * describes; `recordAlone` is for events with no change (a refusal, a view).
 */
@Injectable()
export class AuditService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly entries: AuditRepository,
  ) {}

  /**
   * Appends one entry inside `manager`'s transaction. Call it last in the
   * transaction: appends are serialised from here until the commit.
   */
  async record(manager: EntityManager, input: AuditEventInput): Promise<number> {
    const [seq] = await this.recordMany(manager, [input]);
    return seq as number;
  }

  /**
   * Appends one entry in a transaction of its own; resolves once it is
   * committed. Entries share transactions (one chain lock, one head read,
   * one INSERT, one commit), and only one such transaction is in flight at a
   * time: entries asked for while it waits for the chain lock or commits go
   * together in the next one. A burst of connections opening records, each
   * audited before it is served, would otherwise queue one transaction per
   * event-loop turn on the chain lock, each holding a pooled connection that
   * the next upgrades' session and membership reads wait for. If a shared
   * transaction fails, each of its entries is tried alone, so one bad entry
   * cannot lose the others.
   */
  recordAlone(input: AuditEventInput): Promise<number> {
    return this.alone.submit(input);
  }

  private readonly alone = new GroupCommit<AuditEventInput, number>({
    write: (inputs) => this.writeShared(inputs),
    maxInFlight: 1,
    // 12 parameters a row: well under PostgreSQL's 65,535 per statement.
    maxGroupSize: MAX_ENTRIES_PER_INSERT,
    // A whole event-loop turn: the upgrades of a connect storm arrive in separate I/O callbacks.
    gather: (flush) => setImmediate(flush),
  });

  private async writeShared(inputs: readonly AuditEventInput[]): Promise<Promise<number>[]> {
    try {
      const seqs = await this.dataSource.transaction((manager) => this.recordMany(manager, inputs));
      return seqs.map((seq) => Promise.resolve(seq));
    } catch (error) {
      if (inputs.length === 1) throw error;
      return inputs.map((input) => this.dataSource.transaction((manager) => this.record(manager, input)));
    }
  }

  /** Appends entries in order inside `manager`'s transaction (one lock, one head read, one INSERT). */
  private async recordMany(manager: EntityManager, inputs: readonly AuditEventInput[]): Promise<number[]> {
    if (!manager.queryRunner?.isTransactionActive)
      throw new Error('audit entries must be written inside a transaction');
    const head = await this.entries.lockChainAndReadHead(manager);
    let seq = head?.seq ?? 0;
    let prevHash = head?.hash ?? GENESIS_HASH;
    const occurredAt = new Date().toISOString();
    const chained = inputs.map((input) => {
      const content: AuditEntryContent = {
        seq: ++seq,
        occurredAt,
        type: input.type,
        outcome: input.outcome ?? 'success',
        actorUserId: input.actor?.userId ?? null,
        actorAgency: input.actor?.agency ?? null,
        meetingId: input.meetingId ?? null,
        subjectType: input.subject?.type ?? null,
        subjectId: input.subject?.id ?? null,
        details: input.details ?? {},
      };
      const hash = entryHash(prevHash, content);
      const entry: StoredAuditEntry = { ...content, prevHash, hash };
      prevHash = hash;
      return entry;
    });
    await this.entries.insertEntries(manager, chained);
    return chained.map((entry) => entry.seq);
  }
}
