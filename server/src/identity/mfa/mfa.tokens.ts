/** Injection token of the AES-256 key that encrypts TOTP secrets (a Buffer). */
export const MFA_ENCRYPTION_KEY = Symbol('MFA_ENCRYPTION_KEY');
