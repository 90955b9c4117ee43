import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import {
  CollabTicketRequestSchema,
  CollabTicketResponseSchema,
  type CollabTicketRequest,
  type CollabTicketResponse,
} from '@roundtable/shared/schemas';
import { type AuthenticatedSession, CurrentSession, openApiSchema, ZodValidationPipe } from '../../platform';
import { CollabTicketService } from '../access/collab-ticket.service';

@ApiTags('collab')
@Controller('collab')
export class CollabController {
  constructor(private readonly tickets: CollabTicketService) {}

  /**
   * A one-use ticket (valid for LIMITS.collabTicketTtlMs) to open a meeting's
   * shared document with `?ticket=` instead of the session cookie. 404 unless
   * the caller is a member.
   */
  @Post('tickets')
  @HttpCode(201)
  @ApiBody({ schema: openApiSchema(CollabTicketRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(CollabTicketResponseSchema) })
  issueTicket(
    @CurrentSession() session: AuthenticatedSession,
    @Body(new ZodValidationPipe(CollabTicketRequestSchema)) body: CollabTicketRequest,
  ): Promise<CollabTicketResponse> {
    return this.tickets.issueForMember(session, body);
  }
}
