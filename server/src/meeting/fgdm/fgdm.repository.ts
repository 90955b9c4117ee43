import { Injectable } from '@nestjs/common';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import type { FgdmStage, PlanOutcome } from '@roundtable/shared/fgdm';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import type { MeetingType } from '@roundtable/shared/pathway';
import type { EntityManager } from 'typeorm';

/** A professional as stored beside an FGDM fact: the family sees only agency and role. */
export interface FgdmPersonRow {
  userId: string;
  displayName: string;
  agency: Agency;
  /** Their role in the meeting now (participant when no longer a member). */
  role: MeetingRole;
}

export interface StageEntryRow {
  stage: FgdmStage;
  enteredAt: Date;
  enteredBy: FgdmPersonRow;
}
export interface BottomLineRow {
  id: string;
  text: string;
  addedAt: Date;
  addedBy: FgdmPersonRow;
}
export interface PresentationRow {
  id: string;
  version: number;
  text: string;
  sha256: string;
  presentedAt: Date;
  presentedByParticipantId: string;
}
export interface ResponseRow {
  id: string;
  presentationId: string;
  keepsChildSafe: boolean;
  reasons: string;
  outcome: PlanOutcome;
  recordedAt: Date;
  recordedBy: FgdmPersonRow;
}
export interface SupportItemRow {
  id: string;
  who: string;
  support: string;
  costPence: number;
  frequency: string;
  approved: boolean;
  addedAt: Date;
  withdrawnAt: Date | null;
  withdrawnReason: string | null;
}

export interface FgdmFacts {
  stages: StageEntryRow[];
  bottomLines: BottomLineRow[];
  presentations: PresentationRow[];
  responses: ResponseRow[];
  supportItems: SupportItemRow[];
}

const person = (prefix: string) =>
  `json_build_object('userId', ${prefix}.id, 'displayName', ${prefix}.display_name, 'agency', ${prefix}.agency,
     'role', COALESCE((SELECT mm.role FROM meeting_members mm WHERE mm.meeting_id = $1 AND mm.user_id = ${prefix}.id LIMIT 1), 'participant'))`;

/** SQL for the FGDM's append-only facts (migration 1766552000000). */
@Injectable()
export class FgdmRepository {
  /** The meeting's type and status, the row locked until the transaction ends; null when there is no such meeting. */
  async lockMeeting(
    tx: EntityManager,
    meetingId: string,
    mode: 'update' | 'share',
  ): Promise<{ type: MeetingType; status: MeetingStatus } | null> {
    const rows: { meeting_type: MeetingType; status: MeetingStatus }[] = await tx.query(
      `SELECT meeting_type, status FROM meetings WHERE id = $1 FOR ${mode === 'update' ? 'UPDATE' : 'SHARE'}`,
      [meetingId],
    );
    return rows[0] ? { type: rows[0].meeting_type, status: rows[0].status } : null;
  }

  async insertStage(tx: EntityManager, meetingId: string, stage: FgdmStage, userId: string): Promise<void> {
    await tx.query(`INSERT INTO fgdm_stage_entries (meeting_id, stage, entered_by) VALUES ($1, $2, $3)`, [
      meetingId,
      stage,
      userId,
    ]);
  }

  async insertBottomLine(tx: EntityManager, meetingId: string, text: string, userId: string): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO fgdm_bottom_lines (meeting_id, text, added_by) VALUES ($1, $2, $3) RETURNING id`,
      [meetingId, text, userId],
    )) as { id: string }[];
    return (row as { id: string }).id;
  }

  async countBottomLines(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS n FROM fgdm_bottom_lines WHERE meeting_id = $1`, [
      meetingId,
    ])) as { n: number }[];
    return row?.n ?? 0;
  }

  async insertPresentation(
    tx: EntityManager,
    p: { meetingId: string; text: string; sha256: string; participantId: string },
  ): Promise<{ id: string; version: number }> {
    const [row] = (await tx.query(
      `INSERT INTO family_plan_presentations (meeting_id, version, text, sha256, presented_by_participant)
       SELECT $1, COALESCE(MAX(version), 0) + 1, $2, $3, $4 FROM family_plan_presentations WHERE meeting_id = $1
       RETURNING id, version`,
      [p.meetingId, p.text, p.sha256, p.participantId],
    )) as { id: string; version: number }[];
    return row as { id: string; version: number };
  }

  async countPresentations(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS n FROM family_plan_presentations WHERE meeting_id = $1`, [
      meetingId,
    ])) as { n: number }[];
    return row?.n ?? 0;
  }

  /** Whether the presentation is the meeting's, and whether it has a response already. */
  async findPresentation(
    tx: EntityManager,
    meetingId: string,
    presentationId: string,
  ): Promise<{ responded: boolean } | null> {
    const rows: { responded: boolean }[] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM family_plan_responses r WHERE r.presentation_id = p.id) AS responded
         FROM family_plan_presentations p WHERE p.id = $2 AND p.meeting_id = $1`,
      [meetingId, presentationId],
    );
    return rows[0] ?? null;
  }

  async insertResponse(
    tx: EntityManager,
    r: { meetingId: string; presentationId: string; keepsChildSafe: boolean; reasons: string; outcome: PlanOutcome },
    userId: string,
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO family_plan_responses (presentation_id, meeting_id, keeps_child_safe, reasons, outcome, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [r.presentationId, r.meetingId, r.keepsChildSafe, r.reasons, r.outcome, userId],
    )) as { id: string }[];
    return (row as { id: string }).id;
  }

  async insertSupportItem(
    tx: EntityManager,
    meetingId: string,
    item: { who: string; support: string; costPence: number; frequency: string; approved: boolean },
    userId: string,
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO fgdm_support_items (meeting_id, who, support, cost_pence, frequency, approved, added_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
      [meetingId, item.who, item.support, item.costPence, item.frequency, item.approved, userId],
    )) as { id: string }[];
    return (row as { id: string }).id;
  }

  async countSupportItems(tx: EntityManager, meetingId: string): Promise<number> {
    const [row] = (await tx.query(`SELECT count(*)::int AS n FROM fgdm_support_items WHERE meeting_id = $1`, [
      meetingId,
    ])) as { n: number }[];
    return row?.n ?? 0;
  }

  /** Whether the item is the meeting's, and whether it was withdrawn already. */
  async findSupportItem(tx: EntityManager, meetingId: string, itemId: string): Promise<{ withdrawn: boolean } | null> {
    const rows: { withdrawn: boolean }[] = await tx.query(
      `SELECT EXISTS (SELECT 1 FROM fgdm_support_item_withdrawals w WHERE w.item_id = i.id) AS withdrawn
         FROM fgdm_support_items i WHERE i.id = $2 AND i.meeting_id = $1`,
      [meetingId, itemId],
    );
    return rows[0] ?? null;
  }

  async insertWithdrawal(tx: EntityManager, itemId: string, reason: string, userId: string): Promise<void> {
    await tx.query(`INSERT INTO fgdm_support_item_withdrawals (item_id, reason, withdrawn_by) VALUES ($1, $2, $3)`, [
      itemId,
      reason,
      userId,
    ]);
  }

  /** Every fact of the meeting's FGDM, oldest first. */
  async findFacts(tx: EntityManager, meetingId: string): Promise<FgdmFacts> {
    const stages = (await tx.query(
      `SELECT s.stage, s.entered_at, ${person('u')} AS person
         FROM fgdm_stage_entries s JOIN users u ON u.id = s.entered_by
        WHERE s.meeting_id = $1 ORDER BY s.entered_at, s.id`,
      [meetingId],
    )) as { stage: FgdmStage; entered_at: Date; person: FgdmPersonRow }[];
    const bottomLines = (await tx.query(
      `SELECT b.id, b.text, b.added_at, ${person('u')} AS person
         FROM fgdm_bottom_lines b JOIN users u ON u.id = b.added_by
        WHERE b.meeting_id = $1 ORDER BY b.added_at, b.id`,
      [meetingId],
    )) as { id: string; text: string; added_at: Date; person: FgdmPersonRow }[];
    const presentations = (await tx.query(
      `SELECT id, version, text, sha256, presented_at, presented_by_participant
         FROM family_plan_presentations WHERE meeting_id = $1 ORDER BY version`,
      [meetingId],
    )) as {
      id: string;
      version: number;
      text: string;
      sha256: string;
      presented_at: Date;
      presented_by_participant: string;
    }[];
    const responses = (await tx.query(
      `SELECT r.id, r.presentation_id, r.keeps_child_safe, r.reasons, r.outcome, r.recorded_at, ${person('u')} AS person
         FROM family_plan_responses r JOIN users u ON u.id = r.recorded_by
        WHERE r.meeting_id = $1 ORDER BY r.recorded_at, r.id`,
      [meetingId],
    )) as {
      id: string;
      presentation_id: string;
      keeps_child_safe: boolean;
      reasons: string;
      outcome: PlanOutcome;
      recorded_at: Date;
      person: FgdmPersonRow;
    }[];
    const items = (await tx.query(
      `SELECT i.id, i.who, i.support, i.cost_pence::float8 AS cost_pence, i.frequency, i.approved, i.added_at,
              w.withdrawn_at, w.reason AS withdrawn_reason
         FROM fgdm_support_items i LEFT JOIN fgdm_support_item_withdrawals w ON w.item_id = i.id
        WHERE i.meeting_id = $1 ORDER BY i.added_at, i.id`,
      [meetingId],
    )) as {
      id: string;
      who: string;
      support: string;
      cost_pence: number;
      frequency: string;
      approved: boolean;
      added_at: Date;
      withdrawn_at: Date | null;
      withdrawn_reason: string | null;
    }[];
    return {
      stages: stages.map((s) => ({ stage: s.stage, enteredAt: s.entered_at, enteredBy: s.person })),
      bottomLines: bottomLines.map((b) => ({ id: b.id, text: b.text, addedAt: b.added_at, addedBy: b.person })),
      presentations: presentations.map((p) => ({
        id: p.id,
        version: p.version,
        text: p.text,
        sha256: p.sha256,
        presentedAt: p.presented_at,
        presentedByParticipantId: p.presented_by_participant,
      })),
      responses: responses.map((r) => ({
        id: r.id,
        presentationId: r.presentation_id,
        keepsChildSafe: r.keeps_child_safe,
        reasons: r.reasons,
        outcome: r.outcome,
        recordedAt: r.recorded_at,
        recordedBy: r.person,
      })),
      supportItems: items.map((i) => ({
        id: i.id,
        who: i.who,
        support: i.support,
        costPence: i.cost_pence,
        frequency: i.frequency,
        approved: i.approved,
        addedAt: i.added_at,
        withdrawnAt: i.withdrawn_at,
        withdrawnReason: i.withdrawn_reason,
      })),
    };
  }
}
