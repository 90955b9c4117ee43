import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type {
  AuditWitness,
  AuditWitnessListResponse,
  RegisterWitnessRequestSchema,
  SubmitCosignatureRequestSchema,
  SubmitCosignatureResponse,
} from '@roundtable/shared/audit';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { DomainError, type ServiceAccountPrincipal } from '../../platform';
import { AuditRepository } from '../trail/audit.repository';
import { type AuditActor, AuditService } from '../trail/audit.service';
import { AUDIT_SIGNING_KEY } from '../trail/audit.tokens';
import type { AuditSigningKey } from '../trail/audit-signing-key';
import {
  type Note,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  verifyCosignature,
  verifyNoteSignature,
} from '../trail/signed-note';
import { parseWitnessKey, WitnessKeyError, witnessKeyFromRaw } from './witness-key';
import { TrailTreeReader } from './trail-tree.reader';
import { type WitnessRow, WitnessesRepository } from './witnesses.repository';

export const WITNESS_NOT_FOUND = 'No witness has this id';

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function toWitness(row: WitnessRow): AuditWitness {
  const key = witnessKeyFromRaw(row.name, Buffer.from(row.public_key));
  return {
    id: row.id,
    name: row.name,
    agency: row.agency,
    keyId: key.keyId.toString('hex'),
    verifierKey: key.verifierKey,
    serviceAccountId: row.service_account_id,
    status: row.retired_at ? 'retired' : 'active',
    registeredAt: new Date(row.registered_at).toISOString(),
    retiredAt: iso(row.retired_at),
    cosignedSize: row.cosigned_size === null ? null : Number(row.cosigned_size),
    cosignedAt: iso(row.cosigned_at),
  };
}

/** Parses one `— name base64` signature line on its own. */
function parseSignatureLine(text: string, line: string): NoteSignature | null {
  try {
    const [signature, ...more] = parseNote(`${text}\n${line.trim()}\n`).signatures;
    return signature && more.length === 0 ? signature : null;
  } catch {
    return null;
  }
}

/**
 * The partners' witnesses of the audit trail (docs/AUDIT.md, "Witnesses"):
 * administrators register and retire their keys; a witness, authenticated by
 * its service account's token, submits cosignatures, which are verified and
 * kept (append-only). Auditors and administrators see how far each witness
 * has cosigned.
 */
@Injectable()
export class WitnessesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly witnesses: WitnessesRepository,
    private readonly trail: AuditRepository,
    private readonly tree: TrailTreeReader,
    private readonly audit: AuditService,
    @Inject(AUDIT_SIGNING_KEY) private readonly key: AuditSigningKey,
  ) {}

  /** Every witness, active first, with the largest size it has cosigned. */
  async list(): Promise<AuditWitnessListResponse> {
    const { lastSize } = await this.trail.checkpointState();
    return { witnesses: (await this.witnesses.list()).map(toWitness), latestCheckpointSize: lastSize };
  }

  /**
   * Registers a partner's witness key, bound to the service account that will
   * submit its cosignatures (enabled, scope `audit:witness`, same agency).
   * Rotation: register the new key, then retire the old one.
   */
  async register(input: z.output<typeof RegisterWitnessRequestSchema>, by: AuditActor): Promise<AuditWitness> {
    let key: ReturnType<typeof parseWitnessKey>;
    try {
      key = parseWitnessKey(input.name, input.publicKey);
    } catch (error) {
      if (!(error instanceof WitnessKeyError)) throw error;
      throw new DomainError('ValidationFailed', error.message, [{ path: 'publicKey', message: error.message }]);
    }
    return this.dataSource.transaction(async (tx) => {
      const account = await this.witnesses.findServiceAccount(tx, input.serviceAccountId);
      const accountProblem = !account
        ? 'No service account has this id'
        : !account.enabled
          ? 'This service account is disabled'
          : !account.witnessScope
            ? 'This service account does not have the scope audit:witness'
            : account.agency !== input.agency
              ? 'This service account belongs to another agency'
              : null;
      if (accountProblem)
        throw new DomainError('ValidationFailed', accountProblem, [
          { path: 'serviceAccountId', message: accountProblem },
        ]);
      if (await this.witnesses.publicKeyTaken(tx, key.raw))
        throw new DomainError('Conflict', 'This public key is already registered (a new key is needed to rotate)');
      const id = await this.witnesses.insert(
        tx,
        {
          name: input.name,
          agency: input.agency,
          raw: key.raw,
          keyId: key.keyId,
          serviceAccountId: input.serviceAccountId,
        },
        by.userId,
      );
      await this.audit.record(tx, {
        type: 'audit.witness-registered',
        actor: by,
        subject: { type: 'audit-witness', id },
        details: {
          name: input.name,
          agency: input.agency,
          keyId: key.keyId.toString('hex'),
          serviceAccountId: input.serviceAccountId,
        },
      });
      return this.get(tx, id);
    });
  }

  /** Retires a witness key: it can submit nothing more; what it cosigned stays. Idempotent. */
  async retire(id: string, by: AuditActor): Promise<AuditWitness> {
    return this.dataSource.transaction(async (tx) => {
      if (!(await this.witnesses.lock(tx, id))) throw new DomainError('NotFound', WITNESS_NOT_FOUND);
      const changed = await this.witnesses.retire(tx, id, by.userId);
      await this.audit.record(tx, {
        type: 'audit.witness-retired',
        actor: by,
        subject: { type: 'audit-witness', id },
        details: { changed },
      });
      return this.get(tx, id);
    });
  }

  /**
   * Verifies and stores a witness's cosignature. The witness is the active
   * one registered for the calling service account with the signature's name
   * and key id (never a name the request claims on its own); the checkpoint
   * must be one this log signed, of the trail as it is; the cosignature must
   * verify (C2SP tlog-cosignature v1).
   */
  async submitCosignature(
    principal: ServiceAccountPrincipal,
    input: z.output<typeof SubmitCosignatureRequestSchema>,
  ): Promise<SubmitCosignatureResponse> {
    const note = this.parseSignedCheckpoint(input.checkpoint);
    const checkpoint = parseCheckpoint(note.text);
    const signature = parseSignatureLine(note.text, input.cosignature);
    if (!signature) throw this.invalid('cosignature', 'The cosignature is not a signature line (— name base64)');
    const witness = await this.witnesses.findActiveFor(principal.userId, signature.name, signature.keyId);
    if (!witness) {
      await this.audit.recordAlone({
        type: 'audit.cosigned',
        outcome: 'refused',
        actor: { userId: principal.userId, agency: principal.agency },
        subject: { type: 'audit-trail', id: String(checkpoint.size) },
        details: { reason: 'unknown-witness', keyId: signature.keyId.toString('hex') },
      });
      throw new DomainError(
        'Forbidden',
        'This service account has no active witness with this key name and key id: ask an administrator to register it',
      );
    }
    const key = witnessKeyFromRaw(witness.name, Buffer.from(witness.public_key));
    const verified = verifyCosignature(note.text, signature, witness.name, key.publicKey);
    if (!verified) throw this.invalid('cosignature', 'The cosignature does not verify with the registered witness key');
    const root = await this.tree.rootAt(checkpoint.size);
    if (!root?.equals(checkpoint.rootHash) || !(await this.witnesses.checkpointExists(checkpoint.size)))
      throw new DomainError('Conflict', 'This is not a checkpoint of the audit trail as the app holds it');
    return this.dataSource.transaction(async (tx) => {
      const stored = await this.witnesses.insertCosignature(tx, {
        witnessId: witness.id,
        treeSize: checkpoint.size,
        rootHash: checkpoint.rootHash,
        cosignedAt: new Date(verified.timestamp * 1000),
        signature: signature.signature.subarray(8),
      });
      // A repeat changes nothing and is not recorded: a witness re-submits each run until something new is signed.
      if (stored)
        await this.audit.record(tx, {
          type: 'audit.cosigned',
          actor: { userId: principal.userId, agency: principal.agency },
          subject: { type: 'audit-witness', id: witness.id },
          details: { treeSize: checkpoint.size },
        });
      return { witnessId: witness.id, treeSize: checkpoint.size, stored };
    });
  }

  /** The note, if it is a checkpoint signed by this log's key (under whatever key name it carries). */
  private parseSignedCheckpoint(serialised: string): Note {
    let note: Note;
    try {
      note = parseNote(serialised);
      parseCheckpoint(note.text);
    } catch (error) {
      throw this.invalid('checkpoint', `The checkpoint is not a signed checkpoint note: ${(error as Error).message}`);
    }
    if (!note.signatures.some((s) => verifyNoteSignature(note, s.name, this.key.publicKey)))
      throw this.invalid('checkpoint', 'The checkpoint is not signed by this audit trail’s key');
    return note;
  }

  private invalid(path: string, message: string): DomainError {
    return new DomainError('ValidationFailed', message, [{ path, message }]);
  }

  private async get(tx: EntityManager, id: string): Promise<AuditWitness> {
    const row = await this.witnesses.find(tx, id);
    if (!row) throw new DomainError('NotFound', WITNESS_NOT_FOUND);
    return toWitness(row);
  }
}
