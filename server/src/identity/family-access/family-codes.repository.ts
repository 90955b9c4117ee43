import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/** The participant's latest code, as the sign-in checks it. */
export interface SignInCodeRow {
  id: string;
  codeHash: Buffer;
  expiresAt: Date;
  usedAt: Date | null;
  attempts: number;
}

/** The `family_sign_in_codes` table: a keyed hash of each code, never the code. Every method joins the caller's transaction. */
@Injectable()
export class FamilyCodesRepository {
  /** Codes sent to a participant since `since`. */
  async countSince(tx: EntityManager, participantId: string, since: Date): Promise<number> {
    const [row] = (await tx.query(
      `SELECT count(*)::int AS n FROM family_sign_in_codes WHERE participant_id = $1 AND created_at > $2`,
      [participantId, since],
    )) as { n: number }[];
    return row?.n ?? 0;
  }

  async insert(tx: EntityManager, code: { participantId: string; codeHash: Buffer; expiresAt: Date }): Promise<string> {
    const rows = (await tx.query(
      `INSERT INTO family_sign_in_codes (participant_id, code_hash, expires_at) VALUES ($1, $2, $3) RETURNING id`,
      [code.participantId, code.codeHash, code.expiresAt],
    )) as { id: string }[];
    return rows[0]!.id;
  }

  /** The participant's most recent code (a new code replaces the ones before it), or null. */
  async findLatest(tx: EntityManager, participantId: string): Promise<SignInCodeRow | null> {
    const rows = (await tx.query(
      `SELECT id, code_hash, expires_at, used_at, attempts FROM family_sign_in_codes
        WHERE participant_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1`,
      [participantId],
    )) as { id: string; code_hash: Buffer; expires_at: Date; used_at: Date | null; attempts: number }[];
    const row = rows[0];
    return row
      ? { id: row.id, codeHash: row.code_hash, expiresAt: row.expires_at, usedAt: row.used_at, attempts: row.attempts }
      : null;
  }

  /** Counts a wrong try; returns the attempts so far. */
  async addAttempt(tx: EntityManager, codeId: string): Promise<number> {
    const [rows] = (await tx.query(
      `UPDATE family_sign_in_codes SET attempts = attempts + 1 WHERE id = $1 RETURNING attempts`,
      [codeId],
    )) as [{ attempts: number }[], number];
    return rows[0]?.attempts ?? 0;
  }

  async markUsed(tx: EntityManager, codeId: string): Promise<void> {
    await tx.query(`UPDATE family_sign_in_codes SET used_at = now() WHERE id = $1`, [codeId]);
  }
}
