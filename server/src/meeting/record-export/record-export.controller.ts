import { Controller, Get, Header, Param, type PipeTransform, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type IntegrationRecordListResponse,
  IntegrationRecordListResponseSchema,
  IntegrationRecordListQuerySchema,
  type RecordExportQuery,
  RecordExportQuerySchema,
  SEALED_RECORD_EXPORT_CONTENT_TYPE,
  SEALED_RECORD_EXPORT_SCHEMA_PATH,
  sealedRecordExportJsonSchema,
} from '@roundtable/shared/integrations';
import { SEALED_RECORD_SHA256_HEADER, SealedRecordVersionParamSchema } from '@roundtable/shared/sealed-records';
import type { Response } from 'express';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentServiceAccount,
  CurrentSession,
  DomainError,
  openApiSchema,
  Public,
  RequiresStepUp,
  type ServiceAccountPrincipal,
  ServiceAccountRoute,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { type RecordExportFile, RecordExportService } from './record-export.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);

/** The version path segment: 400 naming it when it is not a whole number. */
class VersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const result = SealedRecordVersionParamSchema.safeParse(value);
    if (result.success) return result.data;
    const message = result.error.issues[0]?.message ?? 'The version is not valid';
    throw new DomainError('ValidationFailed', message, [{ path: 'version', message }]);
  }
}
const version = new VersionPipe();

const EXPORT_DESCRIPTION = `The sealed record export (schema ${SEALED_RECORD_EXPORT_SCHEMA_PATH}); its SHA-256 in ${SEALED_RECORD_SHA256_HEADER}`;

function send(res: Response, file: RecordExportFile): StreamableFile {
  res.setHeader('Content-Type', SEALED_RECORD_EXPORT_CONTENT_TYPE);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(SEALED_RECORD_SHA256_HEADER, file.sha256);
  return new StreamableFile(file.json, { length: file.json.length });
}

/** A member's JSON export of a sealed version: the same rules as the PDF (docs/INTEGRATIONS.md). */
@ApiTags('records')
@Controller('meetings/:id/record-exports')
export class RecordExportController {
  constructor(private readonly exports: RecordExportService) {}

  /**
   * The member's own version of the sealed record as JSON (or `?variant=` one they may download:
   * the chair and auditors any, auditors with `?reason=` for restricted ones). Audited.
   */
  @RequiresStepUp()
  @Get(':version')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: EXPORT_DESCRIPTION })
  async download(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('version', version) versionNumber: number,
    @Query(new ZodValidationPipe(RecordExportQuerySchema)) query: RecordExportQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return send(res, await this.exports.forMember(session.user, id, versionNumber, query));
  }
}

/** Case systems read sealed records with a service account's token (`records:read`). */
@ApiTags('integrations')
@Controller('integrations/records')
export class IntegrationRecordsController {
  constructor(private readonly exports: RecordExportService) {}

  /** The sealed record versions of the service account's organisation's meetings, newest first. Audited. */
  @Get()
  @ServiceAccountRoute('records:read')
  @ApiOkResponse({ schema: openApiSchema(IntegrationRecordListResponseSchema) })
  list(
    @CurrentServiceAccount() account: ServiceAccountPrincipal,
    @Query(new ZodValidationPipe(IntegrationRecordListQuerySchema))
    query: z.output<typeof IntegrationRecordListQuerySchema>,
  ): Promise<IntegrationRecordListResponse> {
    return this.exports.listForServiceAccount(account, query);
  }

  /**
   * One sealed version as JSON: the version a professional of the organisation who was not involved
   * reads (`shared`: never restricted content). Another organisation's meeting is 404. Audited.
   */
  @Get(':meetingId/versions/:version')
  @ServiceAccountRoute('records:read')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: EXPORT_DESCRIPTION })
  async read(
    @CurrentServiceAccount() account: ServiceAccountPrincipal,
    @Param('meetingId', meetingId) id: string,
    @Param('version', version) versionNumber: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return send(res, await this.exports.forServiceAccount(account, id, versionNumber));
  }
}

/** Published JSON Schemas: public (they describe formats, hold no data). */
@ApiTags('integrations')
@Controller('schemas')
export class SchemasController {
  private readonly exportSchema = sealedRecordExportJsonSchema();

  /** The JSON Schema (draft 2020-12) of the sealed record export, schema version 1. */
  @Public()
  @Get('sealed-record-export.v1.json')
  @Header('Content-Type', 'application/schema+json; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  @ApiOkResponse({ description: 'JSON Schema, generated from the shared zod schema' })
  exportV1(): Record<string, unknown> {
    return this.exportSchema;
  }
}
