import type { KeyObject } from 'node:crypto';
import { checkpointText, signNote } from './signed-note';

/**
 * The log's origin line and key name (C2SP tlog-checkpoint): a schema-less
 * URL naming this deployment's trail, `<host>[/path]/audit` from PUBLIC_URL,
 * so two deployments' checkpoints never look like one log's to a witness.
 */
export function auditLogOrigin(publicUrl: string): string {
  const url = new URL(publicUrl);
  return `${url.host}${url.pathname.replace(/\/+$/, '')}/audit`;
}

/** The C2SP signed note of the tree of `size` leaves with `rootHash`, signed by the log key under the origin's name. */
export function signTreeCheckpoint(privateKey: KeyObject, origin: string, size: number, rootHash: Buffer): string {
  return signNote(checkpointText(origin, size, rootHash), origin, privateKey);
}
