/**
 * The audit area's public surface: what other areas may import (lint allows nothing else).
 */
export { AuditModule } from './audit.module';
export { checkpointFromJson, type AuditDetails } from './trail/audit-chain';
export { canonicalJson, canonicalSha256 } from './trail/canonical-hash';
export { loadPublicKey, publicKeyFileFor } from './trail/audit-signing-key';
export { verifyAuditTrailSnapshot } from './trail/audit-store';
export { AuditService, auditActor, type AuditActor, type AuditEventInput } from './trail/audit.service';
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
  type Checkpoint,
  type Checkpoint as TreeCheckpointBody,
  checkpointText,
  cosign,
  ed25519PublicKeyFromRaw,
  formatNote,
  isValidKeyName,
  keyIdFor,
  type Note,
  NoteFormatError,
  type NoteSignature,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  rawEd25519PublicKey,
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
// The offline export bundle and its verifier (docs/AUDIT.md "Export and offline verification").
export { BundleFormatError, readBundle } from './bundle/audit-bundle';
export { type BundleVerificationReport, type TrustedWitness, verifyBundle } from './bundle/bundle-verifier';
export { AuditedRoleGuard, type RoleRule } from './auditors/audited-role.guard';
