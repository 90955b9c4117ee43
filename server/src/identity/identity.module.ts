import { Module } from '@nestjs/common';
import { AccessListenerModule } from './access-notifications/access-listener.module';
import { AdminModule } from './admin/admin.module';
import { AuthModule } from './auth/auth.module';
import { FamilyAccessModule } from './family-access/family-access.module';
import { MfaModule } from './mfa/mfa.module';
import { OidcModule } from './oidc/oidc.module';
import { ServiceAccountsModule } from './service-accounts/service-accounts.module';
import { StepUpModule } from './step-up/step-up.module';
import { UsersModule } from './users/users.module';

/**
 * The identity area: accounts, sessions and the session guard on every
 * route, two-factor authentication, step-up, single sign-on, account
 * administration, and access changes announced by the command line.
 */
@Module({
  imports: [
    UsersModule,
    AuthModule,
    AccessListenerModule,
    AdminModule,
    MfaModule,
    StepUpModule,
    OidcModule,
    FamilyAccessModule,
    ServiceAccountsModule,
  ],
})
export class IdentityModule {}
