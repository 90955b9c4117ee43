import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * The ledger of applied meeting changes, one row per client `requestId`,
 * written in the change's own transaction. A retry finds its row and gets
 * the stored result instead of applying the change again.
 */
@Entity('meeting_change_requests')
export class MeetingChangeRequestEntity {
  @PrimaryColumn({ name: 'request_id', type: 'uuid' })
  requestId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'meeting_id', type: 'uuid' })
  meetingId: string;

  /** The socket.io event name, e.g. `view:record`. */
  @Column({ type: 'text' })
  event: string;

  /** The acknowledged data; null only inside the transaction that inserts the row. */
  @Column({ type: 'jsonb', nullable: true })
  response: unknown;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
