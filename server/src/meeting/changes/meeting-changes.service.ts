import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingActivity } from '@roundtable/shared/meeting-events';
import type { DataSource, EntityManager } from 'typeorm';
import { auditActor, type AuditDetails, AuditService } from '../../audit';
import { type AuthenticatedUser, DomainError } from '../../platform';
import { refuseWhenConcluded, requireChairPermission, requireMeetingMember } from '../meetings/meeting-lock';
import { MeetingLockRepository } from '../meetings/meeting-lock.repository';
import { type ChangeEventName, changeAuditEntry } from './change-audit';
import { CHAIRING_EVENTS } from './chairing-events';
import { FINAL_ON_CONCLUSION } from './final-on-conclusion';
import { MeetingChangeRequestRepository } from './meeting-change-request.repository';

/** What a change is applied for: the client's request id, the meeting and the event. */
export interface ChangeRequest {
  requestId: string;
  meetingId: string;
}

/** Inside a change: its transaction, who makes it and their current role in the meeting. */
export interface ChangeContext {
  tx: EntityManager;
  actor: AuthenticatedUser;
  role: MeetingRole;
  meetingId: string;
}

/** What a change produced: the acknowledged data and what happened, for the broadcast. */
export interface ChangeResult<T> {
  data: T;
  activity: MeetingActivity;
  /** The audit entry's subject and details, when the change knows them better than the acknowledged data does. */
  audit?: { subject: { type: string; id: string }; details: AuditDetails };
}

/** The outcome for the caller. `activity` is null when this was a repeat of an applied change: nothing to broadcast. */
export interface ChangeOutcome<T> {
  data: T;
  activity: MeetingActivity | null;
}

/**
 * Runs every change to a meeting's decisions and actions: one transaction
 * that checks the caller's membership and role, claims the request id in the
 * ledger, applies the change and stores its result. A repeat of an applied
 * request gets the stored result and changes nothing; a concurrent repeat
 * waits on the ledger's primary key and then does the same.
 */
@Injectable()
export class MeetingChangesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly locks: MeetingLockRepository,
    private readonly requests: MeetingChangeRequestRepository,
  ) {}

  /**
   * Applies one change and its audit entry in one transaction. A refusal for
   * lack of membership or role is audited on its own (the change rolled back).
   */
  async apply<T>(
    actor: AuthenticatedUser,
    request: ChangeRequest,
    event: ChangeEventName,
    change: (context: ChangeContext) => Promise<ChangeResult<T>>,
  ): Promise<ChangeOutcome<T>> {
    try {
      return await this.applyInTransaction(actor, request, event, change);
    } catch (error) {
      if (error instanceof DomainError && (error.code === 'Forbidden' || error.code === 'MeetingNotFound')) {
        await this.audit.recordAlone({
          type: 'access.refused',
          outcome: 'refused',
          actor: auditActor(actor),
          meetingId: request.meetingId,
          details: { channel: 'socket.io', event, code: error.code },
        });
      }
      throw error;
    }
  }

  private applyInTransaction<T>(
    actor: AuthenticatedUser,
    request: ChangeRequest,
    event: ChangeEventName,
    change: (context: ChangeContext) => Promise<ChangeResult<T>>,
  ): Promise<ChangeOutcome<T>> {
    return this.dataSource.transaction(async (tx) => {
      const role = requireMeetingMember(await this.locks.shareLockRole(tx, request.meetingId, actor.id));
      if (role === 'chair' && CHAIRING_EVENTS.has(event)) requireChairPermission(actor);
      // The share lock held from here orders this change before or after a conclusion, never across it.
      if (FINAL_ON_CONCLUSION.has(event)) refuseWhenConcluded(await this.locks.findStatus(tx, request.meetingId));
      const claimed = await this.requests.claim(tx, {
        requestId: request.requestId,
        userId: actor.id,
        meetingId: request.meetingId,
        event,
      });
      if (!claimed) return { data: await this.storedResult<T>(tx, actor, request, event), activity: null };
      const result = await change({ tx, actor, role, meetingId: request.meetingId });
      await this.requests.storeResponse(tx, request.requestId, result.data);
      await this.audit.record(tx, {
        ...changeAuditEntry(event, result.data, actor.agency),
        ...result.audit,
        actor: auditActor(actor),
        meetingId: request.meetingId,
      });
      return result;
    });
  }

  /** The stored result of an applied request; refused when the id was used by someone else or for something else. */
  private async storedResult<T>(
    tx: EntityManager,
    actor: AuthenticatedUser,
    request: ChangeRequest,
    event: ChangeEventName,
  ): Promise<T> {
    const row = await this.requests.find(tx, request.requestId);
    if (!row || row.response === null) throw new Error('request ledger row missing or without a response');
    if (row.user_id !== actor.id || row.meeting_id !== request.meetingId || row.event !== event) {
      throw new DomainError(
        'RequestIdReused',
        'This requestId was already used for a different change. Generate a new one for each change',
      );
    }
    return row.response as T;
  }
}
