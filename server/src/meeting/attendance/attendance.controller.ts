import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AttendanceRegister,
  AttendanceRegisterSchema,
  type RecordApologyRequest,
  RecordApologyRequestSchema,
} from '@roundtable/shared/lifecycle';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { AttendanceService } from './attendance.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);

@ApiTags('attendance')
@Controller('meetings/:id')
export class AttendanceController {
  constructor(private readonly attendance: AttendanceService) {}

  /** Who attended (from presence while live), who did not with apologies, and the minimum-agency warning. */
  @Get('attendance')
  @ApiOkResponse({ schema: openApiSchema(AttendanceRegisterSchema) })
  register(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<AttendanceRegister> {
    return this.attendance.register(id, session.user.id);
  }

  /** Apologies for a member: by that member, or by the chair. */
  @Post('apologies')
  @ApiBody({ schema: openApiSchema(RecordApologyRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AttendanceRegisterSchema) })
  recordApology(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(RecordApologyRequestSchema)) body: RecordApologyRequest,
  ): Promise<AttendanceRegister> {
    return this.attendance.recordApology(id, session.user, body);
  }
}
