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
export {
  cosign,
  type Checkpoint,
  ed25519PublicKeyFromRaw,
  isValidKeyName,
  parseCheckpoint,
  parseNote,
  parseVerifierKey,
  rawEd25519PublicKey,
  SIG_TYPE_COSIGNATURE_V1,
  SIG_TYPE_ED25519,
  signatureLine,
  verifierKey,
  verifyNoteSignature,
} from './trail/signed-note';
export { verifyConsistency } from './trail/merkle-tree';
export { BundleFormatError, readBundle } from './bundle/audit-bundle';
export { type BundleVerificationReport, type TrustedWitness, verifyBundle } from './bundle/bundle-verifier';
