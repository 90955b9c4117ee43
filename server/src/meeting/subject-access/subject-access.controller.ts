import { Body, Controller, Get, HttpCode, Param, Post, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AddRedactionRequestSchema,
  OpenSubjectAccessRequestSchema,
  SUBJECT_ACCESS_SHA256_HEADER,
  type SubjectAccessDetail,
  SubjectAccessDetailSchema,
  SubjectAccessExportQuerySchema,
  type SubjectAccessListResponse,
  SubjectAccessListResponseSchema,
} from '@roundtable/shared/subject-access';
import type { Response } from 'express';
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
import { REQUEST_NOT_FOUND, SubjectAccessService } from './subject-access.service';

const requestId = new UuidParamPipe('NotFound', REQUEST_NOT_FOUND);

/**
 * Subject access requests (docs/SUBJECT-ACCESS.md). Administrators only
 * (AdminGuard runs before validation; refusals audited), every route with
 * step-up: each one reads or releases everything held about a person.
 */
@ApiTags('subject access')
@ApiForbiddenResponse({ description: 'Not an administrator (the refusal is audited)' })
@UseGuards(AdminGuard)
@RequiresStepUp()
@Controller('admin/subject-access')
export class SubjectAccessController {
  constructor(private readonly requests: SubjectAccessService) {}

  /** Every request, newest first (summaries: no items). */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(SubjectAccessListResponseSchema) })
  async list(): Promise<SubjectAccessListResponse> {
    return { requests: await this.requests.list() };
  }

  /** Opens a request about a child, a family member or a professional and assembles what is held about them. Audited. */
  @Post()
  @ApiBody({ schema: openApiSchema(OpenSubjectAccessRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(SubjectAccessDetailSchema) })
  open(
    @Body(new ZodValidationPipe(OpenSubjectAccessRequestSchema)) body: z.output<typeof OpenSubjectAccessRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<SubjectAccessDetail> {
    return this.requests.open(body, auditActor(session.user));
  }

  /** One request: every item assembled now (unredacted) and the redactions beside them. Audited. */
  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(SubjectAccessDetailSchema) })
  get(
    @Param('id', requestId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<SubjectAccessDetail> {
    return this.requests.get(id, auditActor(session.user));
  }

  /** Withholds an item, or a span of its text, with an exemption and a note. Refused once signed off. Audited. */
  @Post(':id/redactions')
  @ApiBody({ schema: openApiSchema(AddRedactionRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(SubjectAccessDetailSchema) })
  redact(
    @Param('id', requestId) id: string,
    @Body(new ZodValidationPipe(AddRedactionRequestSchema)) body: z.output<typeof AddRedactionRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<SubjectAccessDetail> {
    return this.requests.redact(id, body, auditActor(session.user));
  }

  /** The reviewer's sign-off: an administrator who neither opened the request nor redacted any of it. Audited. */
  @Post(':id/sign-off')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(SubjectAccessDetailSchema) })
  signOff(
    @Param('id', requestId) id: string,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<SubjectAccessDetail> {
    return this.requests.signOff(id, auditActor(session.user));
  }

  /** The redacted bundle as PDF or JSON (`{ "format": "pdf" }`); its SHA-256 in the header and the trail. After sign-off only. */
  @Post(':id/exports')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(SubjectAccessExportQuerySchema) })
  @ApiProduces('application/pdf', 'application/json')
  @ApiOkResponse({ description: `The bundle; its SHA-256 (hex) in ${SUBJECT_ACCESS_SHA256_HEADER}` })
  async export(
    @Param('id', requestId) id: string,
    @Body(new ZodValidationPipe(SubjectAccessExportQuerySchema)) body: z.output<typeof SubjectAccessExportQuerySchema>,
    @CurrentSession() session: AuthenticatedSession,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.requests.export(id, body.format, auditActor(session.user));
    res.setHeader('Content-Type', file.contentType);
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader(SUBJECT_ACCESS_SHA256_HEADER, file.sha256);
    return new StreamableFile(file.bytes, { length: file.bytes.length });
  }
}
