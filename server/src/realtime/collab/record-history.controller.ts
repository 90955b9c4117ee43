import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type RecordHistoryQuery,
  RecordHistoryQuerySchema,
  type RecordHistoryResponse,
  RecordHistoryResponseSchema,
} from '@roundtable/shared/audit';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { RecordHistoryService } from './record-history.service';

const meetingId = new UuidParamPipe('MeetingNotFound', 'No strategy discussion with that id was found');

@ApiTags('audit')
@Controller('audit/meetings')
export class RecordHistoryController {
  constructor(private readonly history: RecordHistoryService) {}

  /** The record as it was at `at` (default now), each passage with its author. Auditors only; the reason is audited. */
  @Get(':id/record-history')
  @ApiOkResponse({ schema: openApiSchema(RecordHistoryResponseSchema) })
  recordHistory(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Query(new ZodValidationPipe(RecordHistoryQuerySchema)) query: RecordHistoryQuery,
  ): Promise<RecordHistoryResponse> {
    return this.history.recordAt(session.user, id, query);
  }
}
