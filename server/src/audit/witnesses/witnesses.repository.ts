import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Agency } from '@roundtable/shared/constants';
import type { DataSource, EntityManager } from 'typeorm';
import type { NoteSignature } from '../trail/signed-note';

export interface WitnessRow {
  id: string;
  name: string;
  agency: Agency;
  public_key: Buffer;
  key_id: Buffer;
  service_account_id: string;
  registered_at: Date;
  retired_at: Date | null;
  cosigned_size: string | null;
  cosigned_at: Date | null;
}

/** The largest checkpoint any witness has cosigned. */
export interface WitnessedCheckpoint {
  treeSize: number;
  rootHash: Buffer;
  witnesses: string[];
}

const SELECT_WITNESSES = `
  SELECT w.id, w.name, w.agency, w.public_key, w.key_id, w.service_account_id, w.registered_at, w.retired_at,
         c.tree_size AS cosigned_size, c.cosigned_at
    FROM audit_witnesses w
    LEFT JOIN LATERAL (
      SELECT tree_size, cosigned_at FROM audit_cosignatures WHERE witness_id = w.id ORDER BY tree_size DESC LIMIT 1
    ) c ON true`;

/** `audit_witnesses` and the append-only `audit_cosignatures`. */
@Injectable()
export class WitnessesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(manager: EntityManager = this.dataSource.manager): Promise<WitnessRow[]> {
    return (await manager.query(
      `${SELECT_WITNESSES} ORDER BY w.retired_at IS NOT NULL, w.agency, w.name, w.registered_at`,
    )) as WitnessRow[];
  }

  async find(manager: EntityManager, id: string): Promise<WitnessRow | undefined> {
    const [row] = (await manager.query(`${SELECT_WITNESSES} WHERE w.id = $1`, [id])) as WitnessRow[];
    return row;
  }

  /** The active witness with this name and key id bound to this service account, if any. */
  async findActiveFor(serviceAccountId: string, name: string, keyId: Buffer): Promise<WitnessRow | undefined> {
    const [row] = (await this.dataSource.query(
      `${SELECT_WITNESSES} WHERE w.service_account_id = $1 AND w.name = $2 AND w.key_id = $3 AND w.retired_at IS NULL`,
      [serviceAccountId, name, keyId],
    )) as WitnessRow[];
    return row;
  }

  /** The service account's agency and whether it is enabled with the witness scope; undefined if there is none. */
  async findServiceAccount(
    tx: EntityManager,
    id: string,
  ): Promise<{ agency: Agency; enabled: boolean; witnessScope: boolean } | undefined> {
    const [row] = (await tx.query(
      `SELECT u.agency, u.disabled_at IS NULL AS enabled, 'audit:witness' = ANY(sa.scopes) AS witness_scope
         FROM service_accounts sa JOIN users u ON u.id = sa.user_id WHERE sa.user_id = $1`,
      [id],
    )) as { agency: Agency; enabled: boolean; witness_scope: boolean }[];
    return row && { agency: row.agency, enabled: row.enabled, witnessScope: row.witness_scope };
  }

  async publicKeyTaken(tx: EntityManager, raw: Buffer): Promise<boolean> {
    const rows = (await tx.query(`SELECT 1 FROM audit_witnesses WHERE public_key = $1`, [raw])) as unknown[];
    return rows.length > 0;
  }

  async insert(
    tx: EntityManager,
    witness: { name: string; agency: Agency; raw: Buffer; keyId: Buffer; serviceAccountId: string },
    by: string,
  ): Promise<string> {
    const [row] = (await tx.query(
      `INSERT INTO audit_witnesses (name, agency, public_key, key_id, service_account_id, registered_by)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [witness.name, witness.agency, witness.raw, witness.keyId, witness.serviceAccountId, by],
    )) as { id: string }[];
    return row!.id;
  }

  /** Locks the witness row; false if there is none. */
  async lock(tx: EntityManager, id: string): Promise<boolean> {
    const rows = (await tx.query(`SELECT id FROM audit_witnesses WHERE id = $1 FOR UPDATE`, [id])) as unknown[];
    return rows.length > 0;
  }

  async retire(tx: EntityManager, id: string, by: string): Promise<boolean> {
    const [, count] = (await tx.query(
      `UPDATE audit_witnesses SET retired_at = now(), retired_by = $2 WHERE id = $1 AND retired_at IS NULL`,
      [id, by],
    )) as [unknown, number];
    return count > 0;
  }

  /** The latest checkpoint signed as a C2SP note, or null. */
  async latestNote(): Promise<{ size: number; note: string } | null> {
    const [row] = (await this.dataSource.query(
      `SELECT tree_size, note FROM audit_checkpoints WHERE note IS NOT NULL ORDER BY tree_size DESC LIMIT 1`,
    )) as { tree_size: string; note: string }[];
    return row ? { size: Number(row.tree_size), note: row.note } : null;
  }

  /** Whether the app stored a signed checkpoint of this size. */
  async checkpointExists(size: number): Promise<boolean> {
    const rows = (await this.dataSource.query(`SELECT 1 FROM audit_checkpoints WHERE tree_size = $1`, [
      size,
    ])) as unknown[];
    return rows.length > 0;
  }

  /** Stores a cosignature; false when this witness had already cosigned this size (the first is kept). */
  async insertCosignature(
    tx: EntityManager,
    c: { witnessId: string; treeSize: number; rootHash: Buffer; cosignedAt: Date; signature: Buffer },
  ): Promise<boolean> {
    const rows = (await tx.query(
      `INSERT INTO audit_cosignatures (witness_id, tree_size, root_hash, cosigned_at, signature)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (witness_id, tree_size) DO NOTHING RETURNING tree_size`,
      [c.witnessId, c.treeSize, c.rootHash, c.cosignedAt, c.signature],
    )) as unknown[];
    return rows.length > 0;
  }

  /** The largest checkpoint cosigned by any witness (retired ones too: what they cosigned stays witnessed). */
  async largestWitnessed(manager: EntityManager = this.dataSource.manager): Promise<WitnessedCheckpoint | null> {
    const rows = (await manager.query(
      `SELECT c.tree_size, c.root_hash, w.name FROM audit_cosignatures c JOIN audit_witnesses w ON w.id = c.witness_id
        WHERE c.tree_size = (SELECT max(tree_size) FROM audit_cosignatures) ORDER BY w.name`,
    )) as { tree_size: string; root_hash: Buffer; name: string }[];
    const first = rows[0];
    if (!first) return null;
    return {
      treeSize: Number(first.tree_size),
      rootHash: Buffer.from(first.root_hash),
      witnesses: rows.map((r) => r.name),
    };
  }

  /**
   * The cosignatures of the checkpoints of the given sizes (all when omitted),
   * as C2SP signature lines' parts: key id, then timestamp (u64) ‖ signature.
   */
  async cosignatures(
    manager: EntityManager,
    sizes?: readonly number[],
  ): Promise<{ treeSize: number; signature: NoteSignature }[]> {
    const rows = (await manager.query(
      `SELECT w.name, w.key_id, c.tree_size, c.signature, extract(epoch FROM c.cosigned_at)::bigint AS timestamp
         FROM audit_cosignatures c JOIN audit_witnesses w ON w.id = c.witness_id
        WHERE $1::bigint[] IS NULL OR c.tree_size = ANY($1::bigint[])
        ORDER BY c.tree_size, w.name, c.received_at`,
      [sizes ?? null],
    )) as { name: string; key_id: Buffer; tree_size: string; signature: Buffer; timestamp: string }[];
    return rows.map((r) => {
      const time = Buffer.alloc(8);
      time.writeBigUInt64BE(BigInt(r.timestamp));
      return {
        treeSize: Number(r.tree_size),
        signature: {
          name: r.name,
          keyId: Buffer.from(r.key_id),
          signature: Buffer.concat([time, Buffer.from(r.signature)]),
        },
      };
    });
  }
}
