import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type NotificationListResponse,
  NotificationListResponseSchema,
  type NotificationPreferences,
  NotificationPreferencesSchema,
  type UnreadCountResponse,
  UnreadCountResponseSchema,
} from '@roundtable/shared/notifications';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { NotificationsService } from './notifications.service';

const notificationId = new UuidParamPipe('NotFound', 'You have no notification with this id');

/** The signed-in user's own notifications and email preferences (nobody else's). */
@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  /** The latest notifications, newest first, and how many are unread. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(NotificationListResponseSchema) })
  list(@CurrentSession() session: AuthenticatedSession): Promise<NotificationListResponse> {
    return this.notifications.list(session.user.id);
  }

  /** How many are unread (the header's count). */
  @Get('unread-count')
  @ApiOkResponse({ schema: openApiSchema(UnreadCountResponseSchema) })
  async unreadCount(@CurrentSession() session: AuthenticatedSession): Promise<UnreadCountResponse> {
    return { unreadCount: await this.notifications.unreadCount(session.user.id) };
  }

  /** Which reminder kinds also come by email (in the app they always come). */
  @Get('preferences')
  @ApiOkResponse({ schema: openApiSchema(NotificationPreferencesSchema) })
  preferences(@CurrentSession() session: AuthenticatedSession): Promise<NotificationPreferences> {
    return this.notifications.preferences(session.user.id);
  }

  @Put('preferences')
  @ApiBody({ schema: openApiSchema(NotificationPreferencesSchema) })
  @ApiOkResponse({ schema: openApiSchema(NotificationPreferencesSchema) })
  setPreferences(
    @Body(new ZodValidationPipe(NotificationPreferencesSchema)) body: NotificationPreferences,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<NotificationPreferences> {
    return this.notifications.setPreferences(session.user.id, body);
  }

  @Post('read-all')
  @HttpCode(204)
  async readAll(@CurrentSession() session: AuthenticatedSession): Promise<void> {
    await this.notifications.markAllRead(session.user.id);
  }

  @Post(':id/read')
  @HttpCode(204)
  async read(@Param('id', notificationId) id: string, @CurrentSession() session: AuthenticatedSession): Promise<void> {
    await this.notifications.markRead(session.user.id, id);
  }
}
