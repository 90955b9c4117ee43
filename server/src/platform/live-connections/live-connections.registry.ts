import { Injectable } from '@nestjs/common';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { CLOSE_CODES } from '@roundtable/shared/realtime';

/** A live connection (collab WebSocket, later socket.io) that access changes must reach at once. */
export interface LiveConnection {
  readonly sessionId: string;
  readonly userId: string;
  readonly meetingId: string;
  /**
   * Set on a family member's connection (docs/FAMILY.md): `sessionId` is then
   * the family session's id and `userId` is not a user's (use the participant
   * id). Revocation, the end of family access and family sign-out close them.
   */
  readonly familyParticipantId?: string;
  /** The collab document a collab connection has open (absent for socket.io). */
  readonly documentName?: string;
  /** Ends the connection with a close code the client can explain. */
  close(code: number, reason: string): void;
  /** The user's role in the meeting changed; the connection applies it to the next message. */
  changeRole(role: MeetingRole): void;
  /** The meeting moved on (started, concluded); a collab connection becomes read-only on conclusion. */
  meetingStatusChanged?(status: MeetingStatus): void;
}

/** An access change that every instance applies to its own connections. */
export type AccessChange =
  | { kind: 'close-session'; sessionId: string }
  | { kind: 'close-user'; userId: string }
  | { kind: 'revoke-meeting-access'; meetingId: string; userId: string }
  | { kind: 'change-role'; meetingId: string; userId: string; role: MeetingRole }
  | { kind: 'meeting-status'; meetingId: string; status: MeetingStatus }
  | { kind: 'close-family-session'; sessionId: string }
  | { kind: 'close-family-participant'; participantId: string }
  | { kind: 'close-family-document'; documentName: string };

/**
 * Every live connection of this process, indexed so that sign-out, session
 * expiry, removal from a meeting and role changes take effect immediately,
 * not on the client's next reload. With several instances each change is also
 * handed to the fan-out (the cluster relay), which applies it on the others.
 */
@Injectable()
export class LiveConnectionRegistry {
  private readonly connections = new Set<LiveConnection>();
  /** Meetings concluded while this process ran: a connection registered late (its upgrade raced the conclusion) still learns of it. */
  private readonly concluded = new Set<string>();
  private fanout: ((change: AccessChange) => void) | null = null;
  /** Open connections per user (collab sockets and `/meetings` sockets, each counted once), for the per-user cap. */
  private readonly openPerUser = new Map<string, number>();

  /** Registers a connection; call the returned function when it closes. */
  register(connection: LiveConnection): () => void {
    this.connections.add(connection);
    if (this.concluded.has(connection.meetingId)) connection.meetingStatusChanged?.('concluded');
    return () => this.connections.delete(connection);
  }

  /** Where changes made here are sent so other instances apply them too (set by the cluster relay). */
  setFanout(fanout: ((change: AccessChange) => void) | null): void {
    this.fanout = fanout;
  }

  /** Closes every connection of a session (sign-out, expiry, revocation). */
  closeSession(sessionId: string): number {
    return this.change({ kind: 'close-session', sessionId });
  }

  /** Closes every connection of a user (account disabled). */
  closeUser(userId: string): number {
    return this.change({ kind: 'close-user', userId });
  }

  /** A member was removed from a meeting: close their connections to it. */
  revokeMeetingAccess(meetingId: string, userId: string): number {
    return this.change({ kind: 'revoke-meeting-access', meetingId, userId });
  }

  /** A family member signed out or their family session expired: close that session's connections. */
  closeFamilySession(sessionId: string): number {
    return this.change({ kind: 'close-family-session', sessionId });
  }

  /** A family member's access was revoked or has ended: close every connection of theirs. */
  closeFamilyParticipant(participantId: string): number {
    return this.change({ kind: 'close-family-participant', participantId });
  }

  /** The family may no longer open a document (an FGDM's plan once it closes): close the family's connections to it. */
  closeFamilyDocument(documentName: string): number {
    return this.change({ kind: 'close-family-document', documentName });
  }

  /** A member's role changed: their open connections apply the new role at once. */
  changeRole(meetingId: string, userId: string, role: MeetingRole): void {
    this.change({ kind: 'change-role', meetingId, userId, role });
  }

  /** A meeting started or concluded: every open connection to it applies the new status at once. */
  meetingStatusChanged(meetingId: string, status: MeetingStatus): void {
    this.change({ kind: 'meeting-status', meetingId, status });
  }

  /**
   * Applies a change to this process's connections only; returns how many
   * connections it closed. The cluster relay calls it for other instances' changes.
   */
  applyLocally(change: AccessChange): number {
    switch (change.kind) {
      case 'close-session':
        return this.closeWhere((c) => c.sessionId === change.sessionId, CLOSE_CODES.sessionEnded, 'Session ended');
      case 'close-user':
        return this.closeWhere((c) => c.userId === change.userId, CLOSE_CODES.sessionEnded, 'Session ended');
      case 'revoke-meeting-access':
        return this.closeWhere(
          (c) => c.meetingId === change.meetingId && c.userId === change.userId,
          CLOSE_CODES.accessRevoked,
          'Access to this meeting was removed',
        );
      case 'close-family-session':
        return this.closeWhere(
          (c) => c.familyParticipantId !== undefined && c.sessionId === change.sessionId,
          CLOSE_CODES.sessionEnded,
          'Session ended',
        );
      case 'close-family-participant':
        return this.closeWhere(
          (c) => c.familyParticipantId === change.participantId,
          CLOSE_CODES.accessRevoked,
          'Access to this meeting has ended',
        );
      case 'close-family-document':
        return this.closeWhere(
          (c) => c.familyParticipantId !== undefined && c.documentName === change.documentName,
          CLOSE_CODES.accessRevoked,
          'This document is closed to the family now',
        );
      case 'change-role':
        for (const c of this.connections) {
          if (c.meetingId === change.meetingId && c.userId === change.userId) c.changeRole(change.role);
        }
        return 0;
      case 'meeting-status':
        if (change.status === 'concluded') this.concluded.add(change.meetingId);
        for (const c of [...this.connections]) {
          if (c.meetingId === change.meetingId) c.meetingStatusChanged?.(change.status);
        }
        return 0;
    }
  }

  /**
   * Claims one of a user's connection slots in this process, or null when the
   * user already has `max` open. Claimed synchronously, so concurrent upgrades
   * cannot overshoot. Call the returned function once the connection has
   * ended (it is idempotent).
   */
  claimConnectionSlot(userId: string, max: number): (() => void) | null {
    const open = this.openPerUser.get(userId) ?? 0;
    if (open >= max) return null;
    this.openPerUser.set(userId, open + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.openPerUser.get(userId) ?? 1) - 1;
      if (left > 0) this.openPerUser.set(userId, left);
      else this.openPerUser.delete(userId);
    };
  }

  /** A user's open connections in this process (slots claimed and not released). */
  openConnectionsOf(userId: string): number {
    return this.openPerUser.get(userId) ?? 0;
  }

  /** Sessions with at least one open connection: in use, so not idle. */
  activeSessionIds(): Set<string> {
    return new Set([...this.connections].map((c) => c.sessionId));
  }

  get size(): number {
    return this.connections.size;
  }

  private change(change: AccessChange): number {
    const closed = this.applyLocally(change);
    this.fanout?.(change);
    return closed;
  }

  private closeWhere(match: (c: LiveConnection) => boolean, code: number, reason: string): number {
    const matched = [...this.connections].filter(match);
    for (const c of matched) {
      this.connections.delete(c);
      c.close(code, reason);
    }
    return matched.length;
  }
}
