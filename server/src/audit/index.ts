/**
 * The audit area's public surface: what other areas may import (lint allows nothing else).
 */
export { AuditModule } from './audit.module';
export { checkpointFromJson, type AuditDetails } from './trail/audit-chain';
export { canonicalJson, canonicalSha256 } from './trail/canonical-hash';
export { loadPublicKey, publicKeyFileFor } from './trail/audit-signing-key';
export { verifyAuditTrailSnapshot } from './trail/audit-store';
export { AuditService, auditActor, type AuditActor } from './trail/audit.service';
export { type VerificationReport } from './trail/chain-verifier';
// The Merkle tree (RFC 9162) and C2SP signed notes, checkpoints, cosignatures and tiles (docs/AUDIT.md "Merkle tree").
export {
  CompactRange,
  EMPTY_ROOT,
  leafHash,
  nodeHash,
  rootFromLeafHashes,
  verifyConsistency,
  verifyInclusion,
} from './trail/merkle-tree';
export {
  addSignatures,
  type Checkpoint as TreeCheckpointBody,
  checkpointText,
  cosign,
  formatNote,
  keyIdFor,
  type Note,
  NoteFormatError,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  signatureLine,
  signNote,
  verifierKey,
  verifyCosignature,
  verifyNoteSignature,
} from './trail/signed-note';
export { parseTilePath, tileIndexPath } from './trail/tlog-tiles';
export { auditLogOrigin, signTreeCheckpoint } from './trail/tree-checkpoint';
export { AuditTreeService } from './trail/audit-tree.service';
