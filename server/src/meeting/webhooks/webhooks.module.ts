import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit';
import { ServiceAccountsModule } from '../../identity';
import { APP_CONFIG, type AppConfig } from '../../platform';
import { WebhookDeliveries } from './webhook-deliveries.service';
import { WebhookOwners } from './webhook-owners';
import { loadWebhookSecretKey, WEBHOOK_SECRET_KEY } from './webhook-secrets';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Signed webhooks for case systems: subscriptions, the dispatcher, deliveries as jobs, the log (administrators). */
@Module({
  imports: [AuditModule, ServiceAccountsModule],
  controllers: [WebhooksController],
  providers: [
    {
      provide: WEBHOOK_SECRET_KEY,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loadWebhookSecretKey(config),
    },
    WebhookOwners,
    WebhooksRepository,
    WebhooksService,
    WebhookDeliveries,
  ],
})
export class WebhooksModule {}
