import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type CaseloadResponse, CaseloadResponseSchema } from '@roundtable/shared/pathway';
import { type AuthenticatedSession, CurrentSession, openApiSchema } from '../../platform';
import { CaseloadService } from './caseload.service';

@ApiTags('children')
@Controller('caseload')
export class CaseloadController {
  constructor(private readonly caseload: CaseloadService) {}

  /** The caller's children as LCPP, or their team's as a team manager; empty for anyone else. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(CaseloadResponseSchema) })
  get(@CurrentSession() session: AuthenticatedSession): Promise<CaseloadResponse> {
    return this.caseload.forUser(session.user);
  }
}
