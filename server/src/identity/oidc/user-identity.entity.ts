import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

/**
 * A person's account at an identity provider, linked to one Roundtable user.
 * Keyed by (issuer, subject): the only pair OpenID Connect guarantees to be
 * stable and unique, so one provider can never sign in as another's user.
 */
@Entity('user_identities')
@Unique('user_identities_issuer_subject', ['issuer', 'subject'])
export class UserIdentityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('user_identities_user_id')
  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  /** The provider's issuer identifier, exactly as in its discovery document and ID tokens. */
  @Column({ type: 'text' })
  issuer: string;

  /** The `sub` claim: the provider's identifier for the person, never reassigned. */
  @Column({ type: 'text' })
  subject: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_signed_in_at', type: 'timestamptz', nullable: true })
  lastSignedInAt: Date | null;
}
