import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OidcPurpose = 'sign-in' | 'step-up';

/**
 * One authorization request in flight: what the callback must check (state,
 * nonce, PKCE verifier, redirect URI). The browser holds a random handle in an
 * httpOnly cookie; only its SHA-256 is stored. Deleted when used (single use)
 * and worthless after `expiresAt`.
 */
@Entity('oidc_transactions')
export class OidcTransactionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'handle_hash', type: 'bytea', unique: true })
  handleHash: Buffer;

  @Column({ name: 'provider_id', type: 'text' })
  providerId: string;

  @Column({ type: 'text' })
  purpose: OidcPurpose;

  @Column({ type: 'text' })
  state: string;

  @Column({ type: 'text' })
  nonce: string;

  @Column({ name: 'code_verifier', type: 'text' })
  codeVerifier: string;

  @Column({ name: 'redirect_uri', type: 'text' })
  redirectUri: string;

  /** The session a step-up re-authenticates; null for a sign-in. */
  @Column({ name: 'session_id', type: 'uuid', nullable: true })
  sessionId: string | null;

  /** Same-app path to go back to after a step-up. */
  @Column({ name: 'return_to', type: 'text', nullable: true })
  returnTo: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Index('oidc_transactions_expires_at')
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}
