import { Injectable } from '@nestjs/common';
import type { MeetingRole } from '@roundtable/shared/constants';
import type { MeetingStatus } from '@roundtable/shared/lifecycle';
import { CLOSE_CODES } from '@roundtable/shared/realtime';

/** A live connection (collab WebSocket, later socket.io) that access changes must reach at once. */
export interface LiveConnection {
  readonly sessionId: string;
  readonly userId: string;
  readonly meetingId: string;
  /** Ends the connection with a close code the client can explain. */
  close(code: number, reason: string): void;
  /** The user's role in the meeting changed; the connection applies it to the next message. */
  changeRole(role: MeetingRole): void;
  /** The meeting moved on (started, concluded); a collab connection becomes read-only on conclusion. */
  meetingStatusChanged?(status: MeetingStatus): void;
}

/**
 * Every live connection of this process, indexed so that sign-out, session
 * expiry, removal from a meeting and role changes take effect immediately,
 * not on the client's next reload.
 */
@Injectable()
export class LiveConnectionRegistry {
  private readonly connections = new Set<LiveConnection>();
  /** Meetings concluded while this process ran: a connection registered late (its upgrade raced the conclusion) still learns of it. */
  private readonly concluded = new Set<string>();

  /** Registers a connection; call the returned function when it closes. */
  register(connection: LiveConnection): () => void {
    this.connections.add(connection);
    if (this.concluded.has(connection.meetingId)) connection.meetingStatusChanged?.('concluded');
    return () => this.connections.delete(connection);
  }

  /** Closes every connection of a session (sign-out, expiry, revocation). */
  closeSession(sessionId: string): number {
    return this.closeWhere((c) => c.sessionId === sessionId, CLOSE_CODES.sessionEnded, 'Session ended');
  }

  /** Closes every connection of a user (account disabled). */
  closeUser(userId: string): number {
    return this.closeWhere((c) => c.userId === userId, CLOSE_CODES.sessionEnded, 'Session ended');
  }

  /** A member was removed from a meeting: close their connections to it. */
  revokeMeetingAccess(meetingId: string, userId: string): number {
    return this.closeWhere(
      (c) => c.meetingId === meetingId && c.userId === userId,
      CLOSE_CODES.accessRevoked,
      'Access to this meeting was removed',
    );
  }

  /** A member's role changed: their open connections apply the new role at once. */
  changeRole(meetingId: string, userId: string, role: MeetingRole): void {
    for (const c of this.connections) if (c.meetingId === meetingId && c.userId === userId) c.changeRole(role);
  }

  /** A meeting started or concluded: every open connection to it applies the new status at once. */
  meetingStatusChanged(meetingId: string, status: MeetingStatus): void {
    if (status === 'concluded') this.concluded.add(meetingId);
    for (const c of [...this.connections]) if (c.meetingId === meetingId) c.meetingStatusChanged?.(status);
  }

  /** Sessions with at least one open connection: in use, so not idle. */
  activeSessionIds(): Set<string> {
    return new Set([...this.connections].map((c) => c.sessionId));
  }

  get size(): number {
    return this.connections.size;
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
