import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AuditWitness,
  type AuditWitnessListResponse,
  AuditWitnessListResponseSchema,
  AuditWitnessSchema,
  RegisterWitnessRequestSchema,
} from '@roundtable/shared/audit';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  RequiresStepUp,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { auditActor } from '../trail/audit.service';
import { WITNESS_ADMINISTRATORS_ONLY, WitnessAdminGuard } from './witness-admin.guard';
import { WITNESS_NOT_FOUND, WitnessesService } from './witnesses.service';

const witnessId = new UuidParamPipe('NotFound', WITNESS_NOT_FOUND);

/** The witness registry (docs/AUDIT.md, "Witnesses"): administrators only; changes need step-up and are audited. */
@ApiTags('audit witnesses')
@ApiForbiddenResponse({ description: WITNESS_ADMINISTRATORS_ONLY })
@UseGuards(WitnessAdminGuard)
@Controller('admin/witnesses')
export class WitnessAdminController {
  constructor(private readonly witnesses: WitnessesService) {}

  /** Every witness with the largest checkpoint it has cosigned. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(AuditWitnessListResponseSchema) })
  list(): Promise<AuditWitnessListResponse> {
    return this.witnesses.list();
  }

  /** Registers a partner's witness key, bound to its service account (scope audit:witness). */
  @Post()
  @RequiresStepUp()
  @ApiBody({ schema: openApiSchema(RegisterWitnessRequestSchema) })
  @ApiOkResponse({ schema: openApiSchema(AuditWitnessSchema) })
  register(
    @Body(new ZodValidationPipe(RegisterWitnessRequestSchema)) body: z.output<typeof RegisterWitnessRequestSchema>,
    @CurrentSession() session: AuthenticatedSession,
  ): Promise<AuditWitness> {
    return this.witnesses.register(body, auditActor(session.user));
  }

  /** Retires a witness key (after registering its successor, to rotate). */
  @Post(':id/retire')
  @HttpCode(200)
  @RequiresStepUp()
  @ApiOkResponse({ schema: openApiSchema(AuditWitnessSchema) })
  retire(@Param('id', witnessId) id: string, @CurrentSession() session: AuthenticatedSession): Promise<AuditWitness> {
    return this.witnesses.retire(id, auditActor(session.user));
  }
}
