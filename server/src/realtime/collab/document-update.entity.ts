import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One Yjs update as a client sent it, appended before it is relayed. The log
 * is the durable truth; snapshots compact its prefix.
 */
@Entity('document_updates')
@Index('document_updates_document_id', ['documentName', 'id'])
export class DocumentUpdateEntity {
  /** bigint; pg returns it as a string. Orders updates within a document. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'document_name', type: 'text' })
  documentName: string;

  @Column({ type: 'bytea' })
  update: Buffer;

  /** The user the server authenticated for the connection that sent it. */
  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
