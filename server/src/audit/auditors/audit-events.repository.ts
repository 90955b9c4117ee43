import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditEventRow } from './audit-event.mapper';
import { type AuditFilters, whereClause } from './audit-filters';

/** Columns of AuditEventRow over `audit_events e`, `users u` (actor) and `meetings m`. */
const AUDIT_EVENT_COLUMNS = `e.seq, e.occurred_at, e.type, e.outcome, e.actor_user_id, e.actor_agency, e.meeting_id,
  e.subject_type, e.subject_id, e.details, e.prev_hash, e.hash,
  u.display_name AS actor_display_name, u.agency AS actor_user_agency, m.reference AS meeting_reference`;

const AUDIT_EVENT_JOINS = `LEFT JOIN users u ON u.id = e.actor_user_id LEFT JOIN meetings m ON m.id = e.meeting_id`;

/** A meeting as the auditor's list shows it: metadata and counts. */
export interface AuditMeetingRow {
  id: string;
  reference: string;
  scheduled_at: Date;
  format: string;
  created_at: Date;
  member_count: string;
  child_count: string;
  event_count: string;
}

/** Metadata only: never the reason, the children's names or any document text (DOMAIN.md §7). */
const MEETINGS_SQL = `
  SELECT m.id, m.reference, m.scheduled_at, m.format, m.created_at,
         (SELECT count(*) FROM meeting_members mm WHERE mm.meeting_id = m.id) AS member_count,
         (SELECT count(*) FROM meeting_children c WHERE c.meeting_id = m.id) AS child_count,
         (SELECT count(*) FROM audit_events e WHERE e.meeting_id = m.id) AS event_count
    FROM meetings m
   ORDER BY m.scheduled_at DESC, m.id`;

/** The auditor's reads of the trail: filtered pages, exports, and the meetings it covers. */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Up to `limit` entries matching the filters, newest first, before the `before` cursor. */
  async findPage(filters: AuditFilters, limit: number): Promise<AuditEventRow[]> {
    const where = whereClause(filters, true);
    return (await this.dataSource.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS} ${where.sql}
        ORDER BY e.seq DESC LIMIT $${where.params.length + 1}`,
      [...where.params, limit],
    )) as AuditEventRow[];
  }

  /** How many entries match the filters (the page cursor ignored), inside the caller's transaction. */
  async countMatching(tx: EntityManager, filters: AuditFilters): Promise<number> {
    const where = whereClause(filters, false);
    const [counted] = (await tx.query(`SELECT count(*) AS count FROM audit_events e ${where.sql}`, where.params)) as {
      count: string;
    }[];
    return Number(counted?.count ?? 0);
  }

  /** Every entry matching the filters (the page cursor ignored), oldest first, inside the caller's transaction. */
  async findMatching(tx: EntityManager, filters: AuditFilters): Promise<AuditEventRow[]> {
    const where = whereClause(filters, false);
    return (await tx.query(
      `SELECT ${AUDIT_EVENT_COLUMNS} FROM audit_events e ${AUDIT_EVENT_JOINS} ${where.sql} ORDER BY e.seq`,
      where.params,
    )) as AuditEventRow[];
  }

  /** Every meeting's metadata and counts, newest first. */
  async listMeetings(): Promise<AuditMeetingRow[]> {
    return (await this.dataSource.query(MEETINGS_SQL)) as AuditMeetingRow[];
  }
}
