import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { OidcClientsService } from './oidc-clients.service';
import { OidcTransactionCookie } from './oidc-transaction-cookie';
import { OidcTransactionEntity } from './oidc-transaction.entity';
import { OidcTransactionRepository } from './oidc-transaction.repository';
import { OidcTransactionsService } from './oidc-transactions.service';
import { OidcController } from './oidc.controller';
import { OidcSignInService } from './oidc-sign-in.service';
import { UserIdentitiesModule } from './user-identities.module';

/** Single sign-on through OpenID Connect providers (OIDC_PROVIDERS_FILE); see docs/SECURITY.md. */
@Module({
  imports: [AuthModule, UserIdentitiesModule, TypeOrmModule.forFeature([OidcTransactionEntity])],
  controllers: [OidcController],
  providers: [
    OidcClientsService,
    OidcTransactionsService,
    OidcTransactionRepository,
    OidcTransactionCookie,
    OidcSignInService,
  ],
})
export class OidcModule {}
