import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, type FindOptionsWhere, In } from 'typeorm';
import type { Agency, MeetingRole } from '@roundtable/shared/constants';
import { PeopleRepository } from '../../identity';
import { MeetingChildEntity } from '../meetings/meeting-child.entity';
import { ActionChangeEntity } from './action-change.entity';
import { ActionEntity } from './action.entity';
import { memberHasAccessSql } from '../meetings/member-access';
import type { ActionRecords } from './action.mapper';

/** What recording an action stores; the rest (status, revision, times) the table fills in. */
export type NewAction = Pick<
  ActionEntity,
  'meetingId' | 'description' | 'ownerUserId' | 'ownerAgency' | 'dueAt' | 'childId' | 'decisionId' | 'createdBy'
> &
  Partial<Pick<ActionEntity, 'restriction'>>;
/** The details `action:update` may change. */
export type ActionDetailsChange = Pick<
  ActionEntity,
  'description' | 'ownerUserId' | 'ownerAgency' | 'dueAt' | 'childId' | 'decisionId'
>;
export type NewActionChange = Pick<ActionChangeEntity, 'actionId' | 'kind' | 'changedBy' | 'changes' | 'note'>;

/** An open action of a user, the reference of its meeting, and the user as a reader of it (need-to-know). */
export interface OpenActionOfOwner {
  id: string;
  reference: string;
  role: MeetingRole;
  agency: Agency;
}

/**
 * The action log's tables: actions and their history. Methods taking a
 * manager run in the caller's (a change's transaction, or a read's); the
 * others use the data source.
 */
@Injectable()
export class ActionRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly people: PeopleRepository,
  ) {}

  /** Every action of a meeting with its history and the people named, soonest due first. */
  findRecordsOfMeeting(manager: EntityManager, meetingId: string): Promise<ActionRecords> {
    return this.findRecords(manager, { meetingId });
  }

  /** One action of a meeting (none when it is not of that meeting) with its history and the people named. */
  findRecord(manager: EntityManager, meetingId: string, actionId: string): Promise<ActionRecords> {
    return this.findRecords(manager, { id: actionId, meetingId });
  }

  /** These actions with their history and the people named, soonest due first. */
  findRecordsByIds(actionIds: string[]): Promise<ActionRecords> {
    return this.findRecords(this.dataSource.manager, { id: In(actionIds) });
  }

  /**
   * The user's open actions in meetings they still belong to, except those
   * carried over to a review discussion (follow-up continues on the copy).
   */
  findOpenOfOwner(userId: string): Promise<OpenActionOfOwner[]> {
    return this.dataSource.query(
      `SELECT a.id, m.reference, mm.role, u.agency
         FROM actions a
         JOIN meetings m ON m.id = a.meeting_id
         JOIN meeting_members mm ON mm.meeting_id = a.meeting_id AND mm.user_id = a.owner_user_id
                                 AND ${memberHasAccessSql('mm')}
         JOIN users u ON u.id = a.owner_user_id
        WHERE a.owner_user_id = $1 AND a.status = 'open'
          -- Carried over to a review discussion: follow-up continues on the copy.
          AND NOT EXISTS (SELECT 1 FROM actions c WHERE c.carried_from_action_id = a.id)`,
      [userId],
    );
  }

  /**
   * The action of this meeting, locked (FOR UPDATE) for the rest of the
   * caller's transaction; null when the meeting has no such action.
   */
  lock(tx: EntityManager, meetingId: string, actionId: string): Promise<ActionEntity | null> {
    return tx.findOne(ActionEntity, {
      where: { id: actionId, meetingId },
      lock: { mode: 'pessimistic_write' },
    });
  }

  /** Stores a new action (open, revision 1). */
  insert(tx: EntityManager, action: NewAction): Promise<ActionEntity> {
    return tx.save(tx.create(ActionEntity, action));
  }

  /** Changes the details of an action locked by the caller and bumps its revision. */
  async updateDetails(tx: EntityManager, action: ActionEntity, details: ActionDetailsChange): Promise<void> {
    await tx.update(ActionEntity, { id: action.id }, { ...details, revision: action.revision + 1 });
  }

  /** Sets the status and its note of an action locked by the caller and bumps its revision. */
  async setStatus(
    tx: EntityManager,
    action: ActionEntity,
    status: ActionEntity['status'],
    statusNote: string | null,
  ): Promise<void> {
    await tx.update(ActionEntity, { id: action.id }, { status, statusNote, revision: action.revision + 1 });
  }

  /** Sets or clears the restriction flag of an action locked by the caller and bumps its revision. */
  async setRestriction(
    tx: EntityManager,
    action: ActionEntity,
    restriction: ActionEntity['restriction'],
  ): Promise<void> {
    await tx.update(ActionEntity, { id: action.id }, { restriction, revision: action.revision + 1 });
  }

  /** Appends an entry to an action's history. */
  async appendChange(tx: EntityManager, change: NewActionChange): Promise<void> {
    await tx.insert(ActionChangeEntity, change);
  }

  /** Whether the user is a member of the meeting (an action's owner must be). */
  async isMember(tx: EntityManager, meetingId: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM meeting_members mm WHERE mm.meeting_id = $1 AND mm.user_id = $2 AND ${memberHasAccessSql('mm')}`,
      [meetingId, userId],
    );
    return rows.length > 0;
  }

  /** Whether the child is one of the meeting's. */
  hasChild(tx: EntityManager, meetingId: string, childId: string): Promise<boolean> {
    return tx.existsBy(MeetingChildEntity, { meetingId, id: childId });
  }

  /** Actions with their history and the people named, soonest due first, in a few queries. */
  private async findRecords(manager: EntityManager, where: FindOptionsWhere<ActionEntity>): Promise<ActionRecords> {
    const actions = await manager.find(ActionEntity, { where, order: { dueAt: 'ASC', createdAt: 'ASC', id: 'ASC' } });
    if (actions.length === 0) return { records: [], people: new Map() };
    const history = await manager.find(ActionChangeEntity, {
      where: { actionId: In(actions.map((a) => a.id)) },
      order: { changedAt: 'ASC', id: 'ASC' },
    });
    const people = await this.people.load(manager, [
      ...actions.flatMap((a) => [a.ownerUserId, a.createdBy]),
      ...history.map((c) => c.changedBy),
    ]);
    return {
      records: actions.map((action) => ({ action, history: history.filter((c) => c.actionId === action.id) })),
      people,
    };
  }
}
