import { Body, Controller, Get, Param, Patch, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type ChildRecord,
  ChildRecordSchema,
  type ChildSearchQuery,
  ChildSearchQuerySchema,
  type ChildSearchResponse,
  ChildSearchResponseSchema,
  SetHouseholdRequestSchema,
  type SetLcppRequest,
  SetLcppRequestSchema,
  UpdateChildRequestSchema,
} from '@roundtable/shared/pathway';
import type { z } from 'zod';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { CHILD_NOT_FOUND } from './child-access';
import { ChildIdentityService } from './child-identity.service';
import { ChildPageService } from './child-page.service';

const childId = new UuidParamPipe('NotFound', CHILD_NOT_FOUND);

/** Children's records across meetings (docs/PATHWAY.md "A child's record"). */
@ApiTags('children')
@Controller('children')
export class ChildrenController {
  constructor(
    private readonly pages: ChildPageService,
    private readonly identity: ChildIdentityService,
  ) {}

  /** Children with that case-system ID or NHS number whom the caller may know of. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(ChildSearchResponseSchema) })
  search(
    @CurrentSession() session: AuthenticatedSession,
    @Query(new ZodValidationPipe(ChildSearchQuerySchema)) query: ChildSearchQuery,
  ): Promise<ChildSearchResponse> {
    return this.pages.search(session.user, query);
  }

  /** The child's page, cut to what the caller may know; 404 for a child they may not know of. */
  @Get(':id')
  @ApiOkResponse({ schema: openApiSchema(ChildRecordSchema) })
  get(@CurrentSession() session: AuthenticatedSession, @Param('id', childId) id: string): Promise<ChildRecord> {
    return this.pages.get(id, session.user);
  }

  /** Corrects the child's identity (a chair of a meeting about the child, or their LCPP). */
  @Patch(':id')
  @ApiBody({ schema: openApiSchema(UpdateChildRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(ChildRecordSchema) })
  update(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', childId) id: string,
    @Body(new ZodValidationPipe(UpdateChildRequestSchema)) body: z.output<typeof UpdateChildRequestSchema>,
  ): Promise<ChildRecord> {
    return this.identity.update(id, session.user, body);
  }

  /** Replaces the adults of the child's household (a chair of a meeting about the child, or their LCPP). */
  @Put(':id/household')
  @ApiBody({ schema: openApiSchema(SetHouseholdRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(ChildRecordSchema) })
  setHousehold(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', childId) id: string,
    @Body(new ZodValidationPipe(SetHouseholdRequestSchema)) body: z.output<typeof SetHouseholdRequestSchema>,
  ): Promise<ChildRecord> {
    return this.identity.setHousehold(id, session.user, body);
  }

  /** Names or clears the child's LCPP (a chair of a meeting about the child, or a team manager). */
  @Put(':id/lcpp')
  @ApiBody({ schema: openApiSchema(SetLcppRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(ChildRecordSchema) })
  setLcpp(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', childId) id: string,
    @Body(new ZodValidationPipe(SetLcppRequestSchema)) body: SetLcppRequest,
  ): Promise<ChildRecord> {
    return this.identity.setLcpp(id, session.user, body);
  }
}
