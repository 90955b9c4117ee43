import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import type { Attribution, LawfulBasis, SharingOutcome } from '@roundtable/shared/need-to-know';
import type { EntityManager } from 'typeorm';

/** A sharing decision as read, with the decider's name. */
export interface SharingDecisionRecord {
  id: string;
  meetingId: string;
  outcome: SharingOutcome;
  what: string;
  withWhom: string;
  lawfulBasis: LawfulBasis;
  reason: string;
  compartmentId: string | null;
  decidedBy: Attribution;
  decidedAgency: Agency;
  decidedAt: Date;
}

export type NewSharingDecision = Omit<SharingDecisionRecord, 'decidedBy' | 'decidedAt'> & { decidedBy: string };

interface Row {
  id: string;
  meeting_id: string;
  outcome: SharingOutcome;
  what: string;
  with_whom: string;
  lawful_basis: LawfulBasis;
  reason: string;
  compartment_id: string | null;
  decided_by: string;
  decider_name: string;
  decider_agency: Agency;
  decider_organisation: string | null;
  decided_agency: Agency;
  decided_at: Date;
}

const SELECT = `SELECT d.id, d.meeting_id, d.outcome, d.what, d.with_whom, d.lawful_basis, d.reason, d.compartment_id,
                       d.decided_by, u.display_name AS decider_name, u.agency AS decider_agency,
                       u.organisation AS decider_organisation, d.decided_agency,
                       d.decided_at
                  FROM sharing_decisions d JOIN users u ON u.id = d.decided_by`;

function toRecord(row: Row): SharingDecisionRecord {
  return {
    id: row.id,
    meetingId: row.meeting_id,
    outcome: row.outcome,
    what: row.what,
    withWhom: row.with_whom,
    lawfulBasis: row.lawful_basis,
    reason: row.reason,
    compartmentId: row.compartment_id,
    decidedBy: {
      userId: row.decided_by,
      displayName: row.decider_name,
      agency: row.decider_agency,
      organisation: row.decider_organisation,
    },
    decidedAgency: row.decided_agency,
    decidedAt: row.decided_at,
  };
}

/** `sharing_decisions`: append-only. */
@Injectable()
export class SharingDecisionRepository {
  async insert(tx: EntityManager, decision: NewSharingDecision): Promise<SharingDecisionRecord> {
    await tx.query(
      `INSERT INTO sharing_decisions
         (id, meeting_id, outcome, what, with_whom, lawful_basis, reason, compartment_id, decided_by, decided_agency)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        decision.id,
        decision.meetingId,
        decision.outcome,
        decision.what,
        decision.withWhom,
        decision.lawfulBasis,
        decision.reason,
        decision.compartmentId,
        decision.decidedBy,
        decision.decidedAgency,
      ],
    );
    const rows: Row[] = await tx.query(`${SELECT} WHERE d.id = $1`, [decision.id]);
    if (!rows[0]) throw new Error('inserted sharing decision not found');
    return toRecord(rows[0]);
  }

  /** Every sharing decision of a meeting, oldest first. */
  async findForMeeting(manager: EntityManager, meetingId: string): Promise<SharingDecisionRecord[]> {
    const rows: Row[] = await manager.query(`${SELECT} WHERE d.meeting_id = $1 ORDER BY d.decided_at, d.id`, [
      meetingId,
    ]);
    return rows.map(toRecord);
  }
}
