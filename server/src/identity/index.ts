/**
 * The identity area's public surface: what other areas may import (lint allows nothing else).
 */
export { AccountInvitationsModule } from './account-invitations/account-invitations.module';
export {
  AccountInvitationsService,
  InvitationRefusal,
  type InvitationRefusalReason,
  toAccountInvitationOf,
} from './account-invitations/account-invitations.service';
export { type AccountInvitationRow } from './account-invitations/account-invitations.repository';
export { AdminGuard } from './admin/admin.guard';
export { AdminUsersService } from './admin/admin-users.service';
export { AdminModule } from './admin/admin.module';
export { AuthModule } from './auth/auth.module';
export { OriginPolicy } from './auth/origin-policy';
export { readSessionCookie } from './auth/session-cookie';
export { SessionEntity } from './auth/session.entity';
export { SessionsService } from './auth/sessions.service';
export { FamilyAccessModule } from './family-access/family-access.module';
export { FAMILY_COOKIE, familyCookieName, readFamilyCookie, SECURE_FAMILY_COOKIE } from './family-access/family-cookie';
export { codeFromEmail } from './family-access/family-mail';
export { type FamilyChangeAuthoriser, FamilyParticipantsService } from './family-access/family-participants.service';
export { FamilySessionsModule } from './family-access/family-sessions.module';
export { FamilySessionsService } from './family-access/family-sessions.service';
export { IdentityModule } from './identity.module';
export { AttemptLimitEntity } from './mfa/attempt-limit.entity';
export { loadMfaEncryptionKey, open as openSealedSecret, seal as sealSecret } from './mfa/secret-box';
export { RecoveryCodeEntity } from './mfa/recovery-code.entity';
export { UserMfaEntity } from './mfa/user-mfa.entity';
export { NotificationsModule } from './notifications/notifications.module';
export { NotificationsService } from './notifications/notifications.service';
export { OidcTransactionEntity } from './oidc/oidc-transaction.entity';
export { UserIdentitiesModule } from './oidc/user-identities.module';
export { UserIdentitiesService } from './oidc/user-identities.service';
export { UserIdentityEntity } from './oidc/user-identity.entity';
export { ServiceAccountsModule } from './service-accounts/service-accounts.module';
export { ServiceAccountsService } from './service-accounts/service-accounts.service';
export { hashPassword } from './users/password-hasher';
export { personOf, type People } from './users/people';
export { PeopleRepository } from './users/people.repository';
export { UserEntity } from './users/user.entity';
export { UsersModule } from './users/users.module';
export { toAuthenticatedUser, UsersService } from './users/users.service';
