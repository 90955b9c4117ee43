import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** The merged state of a document's update log up to and including `lastUpdateId`. */
@Entity('document_snapshots')
export class DocumentSnapshotEntity {
  @PrimaryColumn({ name: 'document_name', type: 'text' })
  documentName: string;

  @Column({ type: 'bytea' })
  state: Buffer;

  @Column({ name: 'last_update_id', type: 'bigint' })
  lastUpdateId: string;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
