import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  type AddAddendumRequest,
  AddAddendumRequestSchema,
  type AddendaResponse,
  AddendaResponseSchema,
  type AddendumResponse,
  AddendumResponseSchema,
} from '@roundtable/shared/lifecycle';
import {
  type AuthenticatedSession,
  CurrentSession,
  openApiSchema,
  UuidParamPipe,
  ZodValidationPipe,
} from '../../platform';
import { MEETING_NOT_FOUND } from '../meetings/meeting.errors';
import { AddendaService } from './addenda.service';

const meetingId = new UuidParamPipe('MeetingNotFound', MEETING_NOT_FOUND);
const addendumId = new UuidParamPipe(
  'AddendumNotFound',
  'No addendum with that id was found in this strategy discussion',
);

@ApiTags('addenda')
@Controller('meetings/:id/addenda')
export class AddendaController {
  constructor(private readonly addenda: AddendaService) {}

  /** Addenda to the concluded record, oldest first. */
  @Get()
  @ApiOkResponse({ schema: openApiSchema(AddendaResponseSchema) })
  async list(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
  ): Promise<AddendaResponse> {
    return { addenda: await this.addenda.list(id, session.user.id) };
  }

  /** Adds an addendum to a section (chair, participant or minute-taker; concluded meetings). */
  @Post()
  @ApiBody({ schema: openApiSchema(AddAddendumRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(AddendumResponseSchema) })
  add(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Body(new ZodValidationPipe(AddAddendumRequestSchema)) body: AddAddendumRequest,
  ): Promise<AddendumResponse> {
    return this.addenda.add(id, session.user, body);
  }

  /** The chair signs an addendum off. */
  @Post(':addendumId/sign-off')
  @HttpCode(200)
  @ApiOkResponse({ schema: openApiSchema(AddendumResponseSchema) })
  signOff(
    @CurrentSession() session: AuthenticatedSession,
    @Param('id', meetingId) id: string,
    @Param('addendumId', addendumId) addendum: string,
  ): Promise<AddendumResponse> {
    return this.addenda.signOff(id, session.user, addendum);
  }
}
