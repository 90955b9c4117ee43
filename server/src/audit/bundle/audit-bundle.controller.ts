import { Controller, Get, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { type AuthenticatedSession, CurrentSession, RequiresStepUp } from '../../platform';
import { AUDITORS_ONLY, AuditorGuard } from '../auditors/auditor.guard';
import { AuditBundleService } from './audit-bundle.service';

/** A binary download. */
export interface AuditAttachmentBytes {
  filename: string;
  contentType: string;
  body: Buffer;
}

/** The offline verification bundle (auditors only, step-up, recorded). */
@ApiTags('audit')
@ApiForbiddenResponse({ description: AUDITORS_ONLY })
@UseGuards(AuditorGuard)
@Controller('audit/export')
export class AuditBundleController {
  constructor(private readonly bundles: AuditBundleService) {}

  /** Every entry, checkpoint, cosignature and public key as a .tar.gz, for `npm run audit:verify -- --export`. */
  @RequiresStepUp()
  @Get('bundle.tar.gz')
  @ApiProduces('application/gzip')
  @ApiOkResponse({ description: 'The export bundle (docs/AUDIT.md, "Export and offline verification")' })
  async bundle(
    @CurrentSession() session: AuthenticatedSession,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const file = await this.bundles.export(session.user);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(file.body, {
      type: file.contentType,
      disposition: `attachment; filename="${file.filename}"`,
      length: file.body.length,
    });
  }
}
