import { Controller, Get, Header, Param, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  AuditCheckpointsResponseSchema,
  AuditConsistencyProofResponseSchema,
  AuditConsistencyQuerySchema,
  AuditInclusionProofQuerySchema,
  AuditInclusionProofResponseSchema,
  type AuditConsistencyProofResponse,
  type AuditInclusionProofResponse,
  AuditMeetingsResponseSchema,
  AuditPageResponseSchema,
  AuditQuerySchema,
  AuditVerificationResponseSchema,
  type AuditCheckpointsResponse,
  type AuditMeetingsResponse,
  type AuditPageResponse,
  type AuditVerificationResponse,
} from '@roundtable/shared/audit';
import type { Response } from 'express';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  ZodValidationPipe,
} from '../../platform';
import type { AuditAttachment } from './audit-export';
import type { AuditFilters } from './audit-filters';
import { AuditIntegrityService } from './audit-integrity.service';
import { AuditProofService } from './audit-proof.service';
import { AuditQueryService } from './audit-query.service';
import { AUDITORS_ONLY, AuditorGuard } from './auditor.guard';

const filters = new ZodValidationPipe(AuditQuerySchema);
const inclusionQuery = new ZodValidationPipe(AuditInclusionProofQuerySchema);
const consistencyQuery = new ZodValidationPipe(AuditConsistencyQuerySchema);

/** Sends a file download: never cached, named for the moment it was taken. */
function attachment(res: Response, file: AuditAttachment): string {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  return file.body;
}

/** The auditor's workspace (safeguarding partner reviewers only; every access is itself audited). */
@ApiTags('audit')
@ApiForbiddenResponse({ description: AUDITORS_ONLY })
@UseGuards(AuditorGuard)
@Controller('audit')
export class AuditController {
  constructor(
    private readonly queries: AuditQueryService,
    private readonly integrity: AuditIntegrityService,
    private readonly proofs: AuditProofService,
  ) {}

  /** Matching entries, newest first, a page at a time (keyset on `seq`: pass `nextBefore` as `before`). */
  @Get('events')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditPageResponseSchema) })
  events(
    @CurrentSession() session: AuthenticatedSession,
    @Query(filters) query: AuditFilters,
  ): Promise<AuditPageResponse> {
    return this.queries.page(session.user, query);
  }

  /** Every matching entry, oldest first, as CSV (at most LIMITS.auditExportMaxRows; `before` and `limit` ignored). */
  @RequiresStepUp()
  @Get('events/export.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV attachment, one row per entry' })
  async exportCsv(
    @CurrentSession() session: AuthenticatedSession,
    @Query(filters) query: AuditFilters,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return attachment(res, await this.queries.export(session.user, query, 'csv'));
  }

  /** Every matching entry, oldest first, with hashes and the latest signed checkpoint, as JSON. */
  @RequiresStepUp()
  @Get('events/export.json')
  @ApiProduces('application/json')
  @ApiOkResponse({ description: 'JSON attachment: exportedAt, filters, count, latestCheckpoint, entries' })
  async exportJson(
    @CurrentSession() session: AuthenticatedSession,
    @Query(filters) query: AuditFilters,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return attachment(res, await this.queries.export(session.user, query, 'json'));
  }

  /** Verifies the whole hash chain and every stored checkpoint, naming the first broken entry. */
  @Get('verification')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditVerificationResponseSchema) })
  verification(@CurrentSession() session: AuthenticatedSession): Promise<AuditVerificationResponse> {
    return this.integrity.verify(session.user);
  }

  /** Every signed checkpoint, for partners to keep (`npm run audit:verify -- --checkpoints file`). */
  @Get('checkpoints')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditCheckpointsResponseSchema) })
  checkpoints(@CurrentSession() session: AuthenticatedSession): Promise<AuditCheckpointsResponse> {
    return this.integrity.listCheckpoints(session.user);
  }

  /** The latest signed checkpoint of the Merkle tree, as a C2SP signed note (origin, size, base64 root, signature). */
  @Get('checkpoint')
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'C2SP signed note (tlog-checkpoint)' })
  @ApiNotFoundResponse({ description: 'No checkpoint of the tree signed yet' })
  checkpoint(@CurrentSession() session: AuthenticatedSession): Promise<string> {
    return this.proofs.latestCheckpoint(session.user);
  }

  /** RFC 9162 inclusion proof of one entry in the tree of a signed checkpoint (`size`, default the latest). */
  @Get('entries/:seq/proof')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditInclusionProofResponseSchema) })
  @ApiNotFoundResponse({ description: 'No such entry, or no signed checkpoint of that size' })
  inclusionProof(
    @CurrentSession() session: AuthenticatedSession,
    @Param('seq') seq: string,
    @Query(inclusionQuery) query: { size?: number },
  ): Promise<AuditInclusionProofResponse> {
    return this.proofs.inclusion(session.user, seq, query.size);
  }

  /** RFC 9162 consistency proof between two signed checkpoints (`to` defaults to the latest). */
  @Get('consistency')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditConsistencyProofResponseSchema) })
  @ApiNotFoundResponse({ description: 'No signed checkpoint of that size' })
  consistency(
    @CurrentSession() session: AuthenticatedSession,
    @Query(consistencyQuery) query: { from: number; to?: number },
  ): Promise<AuditConsistencyProofResponse> {
    return this.proofs.consistency(session.user, query.from, query.to);
  }

  /**
   * C2SP tlog-tiles (`/api/audit` is the tile prefix; `checkpoint` above is its
   * checkpoint): `tile/<L>/<N>[.p/<W>]` hashes and `tile/entries/<N>[.p/<W>]`
   * bundles of the entries' chain hashes, for mirrors and witnesses.
   */
  @Get('tile/*path')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'Tile bytes (C2SP tlog-tiles)' })
  @ApiNotFoundResponse({ description: 'Not a tile path, or not stored yet' })
  async tile(
    @CurrentSession() session: AuthenticatedSession,
    @Param('path') path: string | string[],
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const tile = await this.proofs.tile(session.user, Array.isArray(path) ? path.join('/') : path);
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(tile, { type: 'application/octet-stream', length: tile.length });
  }

  /** The Ed25519 public key (SPKI PEM) that checks the checkpoints. */
  @Get('public-key')
  @ApiProduces('application/x-pem-file')
  @ApiOkResponse({ description: 'SPKI PEM' })
  async publicKey(
    @CurrentSession() session: AuthenticatedSession,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string> {
    return attachment(res, await this.integrity.publicKeyFile(session.user));
  }

  /** Every meeting's metadata (no reasons, no children's names) with its count of audit entries. */
  @Get('meetings')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditMeetingsResponseSchema) })
  meetings(@CurrentSession() session: AuthenticatedSession): Promise<AuditMeetingsResponse> {
    return this.queries.meetings(session.user);
  }
}
