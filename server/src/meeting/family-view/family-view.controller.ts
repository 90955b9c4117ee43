import {
  Body,
  Controller,
  Get,
  Injectable,
  Param,
  type PipeTransform,
  Post,
  Res,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import {
  type FamilyMeetingResponse,
  FamilyMeetingResponseSchema,
  type FamilyRecordVersions,
  FamilyRecordVersionsSchema,
  type FamilySafetyPlanResponse,
  FamilySafetyPlanResponseSchema,
  type FamilyView,
  FamilyViewSchema,
  type SafetyPlanSignature,
  SafetyPlanSignatureSchema,
  type SignSafetyPlanRequest,
  SignSafetyPlanRequestSchema,
  type SubmitFamilyViewRequest,
  SubmitFamilyViewRequestSchema,
} from '@roundtable/shared/family-view';
import { SealedRecordVersionParamSchema } from '@roundtable/shared/sealed-records';
import type { Response } from 'express';
import {
  CurrentFamilyMember,
  DomainError,
  type FamilyPrincipal,
  FamilyRoute,
  openApiSchema,
  ZodValidationPipe,
} from '../../platform';
import { SealedRecordDownloadsService } from '../sealed-records/sealed-record-downloads.service';
import { attachment } from '../sealed-records/sealed-records.controller';
import { FamilyViewService } from './family-view.service';

/** The version path segment: a whole number, else 400 naming it. */
@Injectable()
class VersionPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const result = SealedRecordVersionParamSchema.safeParse(value);
    if (result.success) return result.data;
    const message = result.error.issues[0]?.message ?? 'The version is not valid';
    throw new DomainError('ValidationFailed', message, [{ path: 'version', message }]);
  }
}

/**
 * The signed-in family member's own meeting (docs/FAMILY.md "The family
 * view"). Every route is @FamilyRoute(): only a live family session passes,
 * and the meeting is always the one the session is bound to (no id in a path).
 */
@ApiTags('family')
@FamilyRoute()
@Controller('family')
export class FamilyViewController {
  constructor(
    private readonly service: FamilyViewService,
    private readonly downloads: SealedRecordDownloadsService,
  ) {}

  /** The meeting as the family sees it: family-facing content only. */
  @Get('meeting')
  @ApiOkResponse({ schema: openApiSchema(FamilyMeetingResponseSchema) })
  meeting(@CurrentFamilyMember() family: FamilyPrincipal): Promise<FamilyMeetingResponse> {
    return this.service.meeting(family);
  }

  /** Tells the meeting what the family member thinks (before or during; not after the conclusion). */
  @Post('views')
  @ApiBody({ schema: openApiSchema(SubmitFamilyViewRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(FamilyViewSchema) })
  submitView(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Body(new ZodValidationPipe(SubmitFamilyViewRequestSchema)) body: SubmitFamilyViewRequest,
  ): Promise<FamilyView> {
    return this.service.submitView(family, body);
  }

  /** The family-facing safety plan, its version hash and the family's signatures. */
  @Get('safety-plan')
  @ApiOkResponse({ schema: openApiSchema(FamilySafetyPlanResponseSchema) })
  safetyPlan(@CurrentFamilyMember() family: FamilyPrincipal): Promise<FamilySafetyPlanResponse> {
    return this.service.safetyPlan(family);
  }

  /** Signs the safety plan as read (typed name, the version hash read). */
  @Post('safety-plan/signatures')
  @ApiBody({ schema: openApiSchema(SignSafetyPlanRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(SafetyPlanSignatureSchema) })
  sign(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Body(new ZodValidationPipe(SignSafetyPlanRequestSchema)) body: SignSafetyPlanRequest,
  ): Promise<SafetyPlanSignature> {
    return this.service.sign(family, body);
  }

  /** The family versions of the sealed record of the meeting. */
  @Get('record')
  @ApiOkResponse({ schema: openApiSchema(FamilyRecordVersionsSchema) })
  record(@CurrentFamilyMember() family: FamilyPrincipal): Promise<FamilyRecordVersions> {
    return this.downloads.familyList(family);
  }

  /** The family version (tagged PDF), audited. */
  @Get('record/versions/:version/family.pdf')
  @ApiProduces('application/pdf')
  async pdf(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Param('version', VersionPipe) version: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return attachment(res, await this.downloads.familyDownload(family, { version, format: 'pdf' }));
  }

  /** The family version (accessible HTML), audited. */
  @Get('record/versions/:version/family.html')
  @ApiProduces('text/html')
  async html(
    @CurrentFamilyMember() family: FamilyPrincipal,
    @Param('version', VersionPipe) version: number,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return attachment(res, await this.downloads.familyDownload(family, { version, format: 'html' }));
  }
}
