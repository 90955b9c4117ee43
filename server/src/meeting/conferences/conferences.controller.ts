import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AgencyReport,
  AgencyReportSchema,
  type AgencyReportsResponse,
  AgencyReportsResponseSchema,
  type MeetingPart,
  MeetingPartSchema,
  type MeetingPartsResponse,
  MeetingPartsResponseSchema,
  type ShareReportRequest,
  ShareReportRequestSchema,
  type StartPartRequest,
  StartPartRequestSchema,
  type SubmitReportRequest,
  SubmitReportRequestSchema,
} from '@roundtable/shared/pathway';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { AgencyReportsService } from './agency-reports.service';
import { MeetingPartsService } from './meeting-parts.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const reportId = new UuidParamPipe('NotFound', 'No report with that id was found in this conference');
const partId = new UuidParamPipe('NotFound', 'No part with that id was found in this conference');

/** A conference's agency reports and the parts of it held without the parents. */
@ApiTags('conferences')
@Controller('meetings/:id')
export class ConferencesController {
  constructor(
    private readonly reports: AgencyReportsService,
    private readonly parts: MeetingPartsService,
  ) {}

  /** Every agency report of the conference (members). */
  @Get('reports')
  @ApiOkResponse({ schema: openApiSchema(AgencyReportsResponseSchema) })
  async listReports(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<AgencyReportsResponse> {
    return { reports: await this.reports.list(id, session.user.id) };
  }

  /** Submits the caller's report for their agency, or replaces it (members who are not observers). */
  @Post('reports')
  @ApiBody({ schema: openApiSchema(SubmitReportRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AgencyReportSchema) })
  submitReport(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(SubmitReportRequestSchema)) body: SubmitReportRequest,
  ): Promise<AgencyReport> {
    return this.reports.submit(id, session.user, body);
  }

  /** Whether the parents see a report (a member of its agency, or the chair). */
  @Put('reports/:reportId/sharing')
  @ApiBody({ schema: openApiSchema(ShareReportRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AgencyReportSchema) })
  setReportSharing(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('reportId', reportId) report: string,
    @Body(new ZodValidationPipe(ShareReportRequestSchema)) body: ShareReportRequest,
  ): Promise<AgencyReport> {
    return this.reports.setSharing(id, report, session.user, body);
  }

  /** The parts held without the parents, oldest first (members). */
  @Get('parts')
  @ApiOkResponse({ schema: openApiSchema(MeetingPartsResponseSchema) })
  async listParts(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<MeetingPartsResponse> {
    return { parts: await this.parts.list(id, session.user.id) };
  }

  /** Starts a part without the parents (the chair, while live). */
  @Post('parts')
  @ApiBody({ schema: openApiSchema(StartPartRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(MeetingPartSchema) })
  startPart(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(StartPartRequestSchema)) body: StartPartRequest,
  ): Promise<MeetingPart> {
    return this.parts.start(id, session.user, body);
  }

  /** Ends the part (the chair). */
  @Post('parts/:partId/end')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(MeetingPartSchema) })
  endPart(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('partId', partId) part: string,
  ): Promise<MeetingPart> {
    return this.parts.end(id, part, session.user);
  }
}
