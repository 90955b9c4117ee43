import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type AddMeetingChildRequest, AddMeetingChildRequestSchema } from '@roundtable/shared/pathway';
import { type MeetingDetail, MeetingDetailSchema } from '@roundtable/shared/schemas';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { MeetingChildrenService } from './meeting-children.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const childId = new UuidParamPipe('NotFound', 'That child is not on this meeting');

/** The children a meeting is about, changed before it concludes (chair). */
@ApiTags('meetings')
@Controller('meetings/:id/children')
export class MeetingChildrenController {
  constructor(private readonly meetingChildren: MeetingChildrenService) {}

  /** Adds an existing child (by childId) or a new child. */
  @Post()
  @ApiBody({ schema: openApiSchema(AddMeetingChildRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  add(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AddMeetingChildRequestSchema)) body: AddMeetingChildRequest,
  ): Promise<MeetingDetail> {
    return this.meetingChildren.add(id, session.user, body);
  }

  /** Removes a child (by the id of their record) that nothing in the meeting is recorded about. */
  @Delete(':childId')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(MeetingDetailSchema) })
  remove(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('childId', childId) child: string,
  ): Promise<MeetingDetail> {
    return this.meetingChildren.remove(id, session.user, child);
  }
}
