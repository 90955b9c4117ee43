/** Nest injection token for the loaded AuditSigningKey. */
export const AUDIT_SIGNING_KEY = Symbol('AUDIT_SIGNING_KEY');
