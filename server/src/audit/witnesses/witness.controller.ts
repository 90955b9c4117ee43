import { Body, Controller, Get, Header, HttpCode, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type AuditWitnessListResponse,
  AuditWitnessListResponseSchema,
  type SubmitCosignatureResponse,
  SubmitCosignatureRequestSchema,
  SubmitCosignatureResponseSchema,
  WitnessConsistencyQuerySchema,
  type WitnessConsistencyResponse,
  WitnessConsistencyResponseSchema,
} from '@roundtable/shared/audit';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentServiceAccount,
  CurrentSession,
  openApiSchema,
  type ServiceAccountPrincipal,
  ServiceAccountRoute,
  ZodValidationPipe,
} from '../../platform';
import { AUDITORS_ONLY, AuditorGuard } from '../auditors/auditor.guard';
import { WitnessLogService } from './witness-log.service';
import { WitnessesService } from './witnesses.service';

/**
 * What a partner's witness (`npm run audit:witness`) calls with its service
 * account token (scope `audit:witness`): the latest signed checkpoint, a
 * consistency proof, and where it submits its cosignature.
 */
@ApiTags('audit witnesses')
@Controller('audit/witness')
export class WitnessController {
  constructor(
    private readonly log: WitnessLogService,
    private readonly witnesses: WitnessesService,
  ) {}

  /** The latest signed checkpoint (C2SP signed note), with the cosignatures it has so far. */
  @Get('checkpoint')
  @ServiceAccountRoute('audit:witness')
  @Header('Content-Type', 'text/plain; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({ description: 'The signed checkpoint note' })
  checkpoint(): Promise<string> {
    return this.log.latestCheckpoint();
  }

  /** RFC 9162 consistency proof between two tree sizes. */
  @Get('consistency')
  @ServiceAccountRoute('audit:witness')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(WitnessConsistencyResponseSchema) })
  consistency(
    @Query(new ZodValidationPipe(WitnessConsistencyQuerySchema)) query: z.output<typeof WitnessConsistencyQuerySchema>,
  ): Promise<WitnessConsistencyResponse> {
    return this.log.consistency(query.from, query.to);
  }

  /** Submits the witness's cosignature (C2SP tlog-cosignature v1) of a checkpoint: verified, then kept. */
  @Post('cosignatures')
  @HttpCode(200)
  @ServiceAccountRoute('audit:witness')
  @ApiBody({ schema: openApiSchema(SubmitCosignatureRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(SubmitCosignatureResponseSchema) })
  submit(
    @CurrentServiceAccount() principal: ServiceAccountPrincipal,
    @Body(new ZodValidationPipe(SubmitCosignatureRequestSchema)) body: z.output<typeof SubmitCosignatureRequestSchema>,
  ): Promise<SubmitCosignatureResponse> {
    return this.witnesses.submitCosignature(principal, body);
  }
}

/** How far each partner's witness has cosigned (auditors; every view audited). */
@ApiTags('audit')
@ApiForbiddenResponse({ description: AUDITORS_ONLY })
@UseGuards(AuditorGuard)
@Controller('audit/witnesses')
export class WitnessStatusController {
  constructor(private readonly log: WitnessLogService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ schema: openApiSchema(AuditWitnessListResponseSchema) })
  list(@CurrentSession() session: AuthenticatedSession): Promise<AuditWitnessListResponse> {
    return this.log.witnessStatus(session.user);
  }
}
