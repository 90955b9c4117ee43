import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import {
  CreateWebhookSubscriptionRequestSchema,
  type WebhookDelivery,
  type WebhookDeliveryListResponse,
  WebhookDeliveryListResponseSchema,
  type WebhookDeliveryQuery,
  WebhookDeliveryQuerySchema,
  WebhookDeliverySchema,
  type WebhookSecretResponse,
  WebhookSecretResponseSchema,
  type WebhookSubscription,
  type WebhookSubscriptionListResponse,
  WebhookSubscriptionListResponseSchema,
  WebhookSubscriptionSchema,
} from '@roundtable/shared/webhooks';
import type { z } from 'zod';
import { auditActor } from '../../audit';
import { AdminGuard } from '../../identity';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { DELIVERY_NOT_FOUND, SUBSCRIPTION_NOT_FOUND, WebhooksService } from './webhooks.service';

const subscriptionId = new UuidParamPipe('NotFound', SUBSCRIPTION_NOT_FOUND);
const deliveryId = new UuidParamPipe('NotFound', DELIVERY_NOT_FOUND);
const by = (session: AuthenticatedSession) => auditActor(session.user);

/**
 * Webhook subscriptions and their delivery log (docs/WEBHOOKS.md).
 * Administrators only (AdminGuard runs before validation);
 * creating, rotating and deleting need step-up; every change is audited.
 */
@ApiTags('admin')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** Every subscription (never a secret). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(WebhookSubscriptionListResponseSchema) })
  async list(): Promise<WebhookSubscriptionListResponse> {
    return { subscriptions: await this.webhooks.list() };
  }

  /** Subscribes a service account (scope webhooks:receive); the signing secret is in the answer, once. */
  @Post()
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(CreateWebhookSubscriptionRequestSchema) })
  @ApiCreatedResponse({ schema: openApiSchema(WebhookSecretResponseSchema) })
  create(
    @Body(new ZodValidationPipe(CreateWebhookSubscriptionRequestSchema))
    body: z.output<typeof CreateWebhookSubscriptionRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<WebhookSecretResponse> {
    return this.webhooks.create(body, by(session));
  }

  /** The newest deliveries with every attempt (status, duration, error; a short snippet of the answer). */
  @Get('deliveries')
  @ApiOkResponse({ schema: openApiSchema(WebhookDeliveryListResponseSchema) })
  async deliveries(
    @Query(new ZodValidationPipe(WebhookDeliveryQuerySchema)) query: WebhookDeliveryQuery,
  ): Promise<WebhookDeliveryListResponse> {
    return { deliveries: await this.webhooks.listDeliveries(query) };
  }

  @Get('deliveries/:deliveryId')
  @ApiOkResponse({ schema: openApiSchema(WebhookDeliverySchema) })
  delivery(@Param('deliveryId', deliveryId) id: string): Promise<WebhookDelivery> {
    return this.webhooks.getDelivery(id);
  }

  /** Sends a delivery again with the same webhook-id (a fresh timestamp and signature), as a job. */
  @Post('deliveries/:deliveryId/replay')
  @HttpCode(202)
  @ApiAcceptedResponse({ schema: openApiSchema(WebhookDeliverySchema) })
  replay(
    @Param('deliveryId', deliveryId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<WebhookDelivery> {
    return this.webhooks.replay(id, by(session));
  }

  /** A new signing secret, at once (the answer holds it, once). */
  @Post(':id/rotate-secret')
  @RequiresStepUp()
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(WebhookSecretResponseSchema) })
  rotate(
    @Param('id', subscriptionId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<WebhookSecretResponse> {
    return this.webhooks.rotateSecret(id, by(session));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(WebhookSubscriptionSchema) })
  disable(
    @Param('id', subscriptionId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<WebhookSubscription> {
    return this.webhooks.disable(id, by(session));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(WebhookSubscriptionSchema) })
  enable(
    @Param('id', subscriptionId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<WebhookSubscription> {
    return this.webhooks.enable(id, by(session));
  }

  @Delete(':id')
  @RequiresStepUp()
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Deleted' })
  async remove(
    @Param('id', subscriptionId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<void> {
    await this.webhooks.delete(id, by(session));
  }
}
