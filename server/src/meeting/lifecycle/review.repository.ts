import { Injectable } from '@nestjs/common';
import type { Agency } from '@roundtable/shared/constants';
import type { EntityManager } from 'typeorm';
import { ActionChangeEntity, type ActionChangeKind, type ActionFieldChange } from '../actions/action-change.entity';

/** An open action copied into a review discussion, as inserted. */
export interface CarriedAction {
  id: string;
  carried_from_action_id: string;
  description: string;
  owner_user_id: string;
  owner_agency: Agency;
  due_at: Date;
  child_id: string | null;
}

/**
 * The writes that convene a review discussion from a concluded one, inside
 * the caller's transaction: the review's meeting row, copies of the
 * original's children, members and templates, and its carried-over actions.
 */
@Injectable()
export class ReviewRepository {
  /** How many review discussions the meeting already has. */
  async countReviewsOf(tx: EntityManager, meetingId: string): Promise<number> {
    const [{ count }] = (await tx.query(`SELECT count(*)::int AS count FROM meetings WHERE review_of_meeting_id = $1`, [
      meetingId,
    ])) as [{ count: number }];
    return count;
  }

  /** Whether any meeting has this reference. */
  async isReferenceTaken(tx: EntityManager, reference: string): Promise<boolean> {
    const taken: unknown[] = await tx.query(`SELECT 1 FROM meetings WHERE reference = $1`, [reference]);
    return taken.length > 0;
  }

  /**
   * Inserts the review of the original (its reason and format, linked to it)
   * and returns its id, or null when the original does not exist. A reference
   * in use fails with a unique violation.
   */
  async insertReviewOf(
    tx: EntityManager,
    originalId: string,
    review: { reference: string; scheduledAt: Date; createdBy: string },
  ): Promise<string | null> {
    const rows: { id: string }[] = await tx.query(
      `INSERT INTO meetings (reference, reason, scheduled_at, format, created_by, review_of_meeting_id)
       SELECT $2, reason, $3, format, $4, id FROM meetings WHERE id = $1
       RETURNING id`,
      [originalId, review.reference, review.scheduledAt, review.createdBy],
    );
    return rows[0]?.id ?? null;
  }

  /** Copies the original's children (same positions) to the review; returns how many. */
  async copyChildren(tx: EntityManager, originalId: string, reviewId: string): Promise<number> {
    const children: unknown[] = await tx.query(
      `INSERT INTO meeting_children (meeting_id, child_id, name, date_of_birth, position)
       SELECT $2, child_id, name, date_of_birth, position FROM meeting_children WHERE meeting_id = $1
       RETURNING id`,
      [originalId, reviewId],
    );
    return children.length;
  }

  /**
   * Copies the original's members, same roles, added by the user; returns how
   * many. Invitees were invited for the original only: the chair invites them
   * again if the review needs them.
   */
  async copyMembers(tx: EntityManager, originalId: string, reviewId: string, addedBy: string): Promise<number> {
    const members: unknown[] = await tx.query(
      `INSERT INTO meeting_members (meeting_id, user_id, role, added_by)
       SELECT $2, user_id, role, $3 FROM meeting_members WHERE meeting_id = $1 AND NOT invitee
       RETURNING user_id`,
      [originalId, reviewId, addedBy],
    );
    return members.length;
  }

  /** Copies the original's document templates to the review. */
  async copyTemplates(tx: EntityManager, originalId: string, reviewId: string): Promise<void> {
    await tx.query(
      `INSERT INTO meeting_document_templates (meeting_id, kind, sections)
       SELECT $2, kind, sections FROM meeting_document_templates WHERE meeting_id = $1`,
      [originalId, reviewId],
    );
  }

  /**
   * Copies every open action of the original not already carried over into
   * the review, by due date, linked to its original; a child link follows
   * the child (same position) to the review. Returns the copies.
   */
  carryOverOpenActions(
    tx: EntityManager,
    originalId: string,
    reviewId: string,
    createdBy: string,
  ): Promise<CarriedAction[]> {
    return tx.query(
      `INSERT INTO actions (meeting_id, description, owner_user_id, owner_agency, due_at, child_id, status,
                            created_by, carried_from_action_id, restriction)
       SELECT $2, a.description, a.owner_user_id, a.owner_agency, a.due_at, nc.id, 'open', $3, a.id, a.restriction
         FROM actions a
         LEFT JOIN meeting_children oc ON oc.id = a.child_id
         LEFT JOIN meeting_children nc ON nc.meeting_id = $2 AND nc.position = oc.position
        WHERE a.meeting_id = $1 AND a.status = 'open'
          AND NOT EXISTS (SELECT 1 FROM actions c WHERE c.carried_from_action_id = a.id)
        ORDER BY a.due_at, a.id
       RETURNING id, carried_from_action_id, description, owner_user_id, owner_agency, due_at, child_id`,
      [originalId, reviewId, createdBy],
    );
  }

  /** Appends an entry to an action's history. */
  async insertActionChange(
    tx: EntityManager,
    change: {
      actionId: string;
      kind: ActionChangeKind;
      changedBy: string;
      changes: ActionFieldChange[];
      note: string;
    },
  ): Promise<void> {
    await tx.insert(ActionChangeEntity, change);
  }
}
