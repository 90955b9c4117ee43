import { Controller, Get, Injectable, Param, type PipeTransform, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  SEALED_RECORD_SHA256_HEADER,
  type SealedRecordDownloadQuery,
  SealedRecordDownloadQuerySchema,
  SealedRecordFileNameSchema,
  type SealedRecordFormat,
  type SealedRecordListResponse,
  SealedRecordListResponseSchema,
  SealedRecordVersionParamSchema,
  type SealedRecordVariant,
} from '@roundtable/shared/sealed-records';
import type { Response } from 'express';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  DomainError,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { type SealedRecordDownload, SealedRecordDownloadsService } from './sealed-record-downloads.service';

/** Validates one path segment with a shared schema; 400 naming the segment. */
@Injectable()
class PathSegmentPipe<S extends z.ZodType> implements PipeTransform<string, z.output<S>> {
  constructor(
    private readonly schema: S,
    private readonly name: string,
  ) {}

  transform(value: string): z.output<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const message = result.error.issues[0]?.message ?? `The ${this.name} is not valid`;
    throw new DomainError('ValidationFailed', message, [{ path: this.name, message }]);
  }
}

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const version = new PathSegmentPipe(SealedRecordVersionParamSchema, 'version');
const fileName = new PathSegmentPipe(SealedRecordFileNameSchema, 'file');

/** A sealed file as an attachment: never cached, its SHA-256 in a header so the receiver can check the bytes. */
export function attachment(res: Response, file: SealedRecordDownload): StreamableFile {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader(SEALED_RECORD_SHA256_HEADER, file.sha256);
  // Opened by mistake in a browser, the HTML still runs nothing and loads nothing.
  if (file.contentType.startsWith('text/html')) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; sandbox");
  }
  return new StreamableFile(file.bytes, { length: file.bytes.length });
}

/**
 * The sealed record of a concluded strategy discussion: its versions and
 * their files, for members (observers may list but not download) and
 * safeguarding partner reviewers. Every download is audited.
 */
@ApiTags('records')
@Controller('meetings/:id/records')
export class SealedRecordsController {
  constructor(private readonly downloads: SealedRecordDownloadsService) {}

  /** Every sealed version, newest first, with the SHA-256 of each file. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(SealedRecordListResponseSchema) })
  list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<SealedRecordListResponse> {
    return this.downloads.list(session.user, id);
  }

  /**
   * One file of a version, e.g. `shared.pdf` or `family.html`. Needs a recent re-authentication; an auditor
   * gives `?reason=` for a version that may hold restricted content.
   */
  @RequiresStepUp()
  @Get(':version/:file')
  @ApiProduces('application/pdf', 'text/html')
  @ApiOkResponse({ description: `Attachment; its SHA-256 in the ${SEALED_RECORD_SHA256_HEADER} header` })
  async download(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('version', version) versionNumber: number,
    @Param('file', fileName) file: { variant: SealedRecordVariant; format: SealedRecordFormat },
    @Query(new ZodValidationPipe(SealedRecordDownloadQuerySchema)) query: SealedRecordDownloadQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const request = { version: versionNumber, ...file, reason: query.reason };
    return attachment(res, await this.downloads.download(session.user, id, request));
  }
}
