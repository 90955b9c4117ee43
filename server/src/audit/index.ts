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
