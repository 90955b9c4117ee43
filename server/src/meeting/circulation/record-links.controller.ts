import { Body, Controller, HttpCode, Post, Req, Res, type StreamableFile } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  RECORD_LINK_CODE_SENT_MESSAGE,
  type RecordLinkDownloadRequest,
  RecordLinkDownloadRequestSchema,
  type RecordLinkRequest,
  RecordLinkRequestSchema,
  type RecordLinkResponse,
} from '@roundtable/shared/circulation';
import { SEALED_RECORD_SHA256_HEADER } from '@roundtable/shared/sealed-records';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { openApiSchema, Public, ZodValidationPipe } from '../../platform';
import { attachment } from '../sealed-records/sealed-records.controller';
import { RecordLinksService } from './record-links.service';

/** The address a request came from (Express's req.ip honours TRUST_PROXY). */
const addressOf = (req: Request): string => req.ip ?? req.socket.remoteAddress ?? 'unknown';

/**
 * A non-member's record link (docs/CIRCULATION.md). No session: the token
 * from the emailed link (sent in the body, never in a URL the server logs)
 * and a one-time code emailed to the recipient are the credentials.
 */
@ApiTags('records')
@Controller('record-links')
export class RecordLinksController {
  constructor(private readonly links: RecordLinksService) {}

  /** The meeting's reference and kind, the version, and where the code will go. 404 unknown, 409 expired or used. */
  @Public()
  @Post('open')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RecordLinkRequestSchema, 'input') })
  open(
    @Body(new ZodValidationPipe(RecordLinkRequestSchema)) body: RecordLinkRequest,
    @Req() req: Request,
  ): Promise<RecordLinkResponse> {
    return this.links.open(body.token, addressOf(req));
  }

  /** Emails a one-time code to the link's recipient. */
  @Public()
  @Post('code')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(RecordLinkRequestSchema, 'input') })
  async sendCode(
    @Body(new ZodValidationPipe(RecordLinkRequestSchema)) body: RecordLinkRequest,
    @Req() req: Request,
  ): Promise<{ message: string }> {
    await this.links.sendCode(body.token, addressOf(req));
    return { message: RECORD_LINK_CODE_SENT_MESSAGE };
  }

  /** The recipient's version as PDF, once, with the right code. 401 for a wrong, expired or used code. */
  @Public()
  @Post('download')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(RecordLinkDownloadRequestSchema, 'input') })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: `Attachment; its SHA-256 in the ${SEALED_RECORD_SHA256_HEADER} header` })
  async download(
    @Body(new ZodValidationPipe(RecordLinkDownloadRequestSchema)) body: RecordLinkDownloadRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const input = body as z.output<typeof RecordLinkDownloadRequestSchema>;
    return attachment(res, await this.links.download(input.token, input.code, addressOf(req)));
  }
}
