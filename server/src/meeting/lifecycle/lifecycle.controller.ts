import { Body, Controller, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ConcludeMeetingRequest,
  ConcludeMeetingRequestSchema,
  type CreateReviewRequest,
  CreateReviewRequestSchema,
  type SetReviewDateRequest,
  SetReviewDateRequestSchema,
} from '@roundtable/shared/lifecycle';
import { type MeetingDetail, MeetingDetailSchema } from '@roundtable/shared/schemas';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { LifecycleService } from './lifecycle.service';
import { ReviewsService } from './reviews.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);

@ApiTags('meetings')
@Controller('meetings/:id')
export class LifecycleController {
  constructor(
    private readonly lifecycle: LifecycleService,
    private readonly reviews: ReviewsService,
  ) {}

  /** Starts a scheduled discussion (chair). */
  @Post('start')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  start(@CurrentSession() session: AuthenticatedSession, @Param('id', meetingId) id: string): Promise<MeetingDetail> {
    return this.lifecycle.start(id, session.user);
  }

  /** Concludes a live discussion, listing every undecided decision as not reached with a reason (chair). */
  @Post('conclude')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(ConcludeMeetingRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  conclude(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(ConcludeMeetingRequestSchema)) body: ConcludeMeetingRequest,
  ): Promise<MeetingDetail> {
    return this.lifecycle.conclude(id, session.user, body);
  }

  /** Sets or clears the review date (chair). */
  @Put('review-date')
  @ApiBody({ schema: openApiSchema(SetReviewDateRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  setReviewDate(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(SetReviewDateRequestSchema)) body: SetReviewDateRequest,
  ): Promise<MeetingDetail> {
    return this.lifecycle.setReviewDate(id, session.user, body);
  }

  /** Convenes a review strategy discussion of a concluded one (chair); returns the review. */
  @Post('review')
  @ApiBody({ schema: openApiSchema(CreateReviewRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  createReview(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(CreateReviewRequestSchema)) body: CreateReviewRequest,
  ): Promise<MeetingDetail> {
    return this.reviews.createReview(id, session.user, body);
  }
}
