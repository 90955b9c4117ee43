import { Injectable } from '@nestjs/common';
import type { AgendaState } from '@roundtable/shared/agenda';
import type { EntityManager } from 'typeorm';

interface AgendaRow {
  section_key: string | null;
  revision: number;
  moved_by_name: string | null;
  moved_at: Date | null;
}

function toState(meetingId: string, row: AgendaRow | undefined): AgendaState {
  return {
    meetingId,
    sectionKey: row?.section_key ?? null,
    revision: row?.revision ?? 0,
    movedBy: row?.moved_by_name ?? null,
    movedAt: row?.moved_at ? row.moved_at.toISOString() : null,
  };
}

/** `meeting_agendas`: one row per meeting once its chair first moved the discussion. */
@Injectable()
export class AgendaRepository {
  /** The meeting's agenda (revision 0, no section, when nobody has moved it yet). */
  async find(manager: EntityManager, meetingId: string): Promise<AgendaState> {
    const rows: AgendaRow[] = await manager.query(
      `SELECT a.section_key, a.revision, u.display_name AS moved_by_name, a.moved_at
         FROM meeting_agendas a JOIN users u ON u.id = a.moved_by
        WHERE a.meeting_id = $1`,
      [meetingId],
    );
    return toState(meetingId, rows[0]);
  }

  /** Moves the discussion to `sectionKey`, one revision on; concurrent moves queue on the row. */
  async move(tx: EntityManager, meetingId: string, sectionKey: string | null, userId: string): Promise<AgendaState> {
    const rows: AgendaRow[] = await tx.query(
      `WITH moved AS (
         INSERT INTO meeting_agendas AS a (meeting_id, section_key, revision, moved_by, moved_at)
         VALUES ($1, $2, 1, $3, now())
         ON CONFLICT (meeting_id) DO UPDATE
           SET section_key = EXCLUDED.section_key, revision = a.revision + 1,
               moved_by = EXCLUDED.moved_by, moved_at = EXCLUDED.moved_at
         RETURNING a.section_key, a.revision, a.moved_by, a.moved_at)
       SELECT m.section_key, m.revision, u.display_name AS moved_by_name, m.moved_at
         FROM moved m JOIN users u ON u.id = m.moved_by`,
      [meetingId, sectionKey, userId],
    );
    return toState(meetingId, rows[0]);
  }
}
