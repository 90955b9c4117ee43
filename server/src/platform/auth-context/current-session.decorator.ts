import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedSession } from './authenticated-session';

/** The request's session, set by SessionGuard. Only on routes that are not @Public(). */
export const CurrentSession = createParamDecorator((_data: unknown, ctx: ExecutionContext): AuthenticatedSession => {
  const request = ctx.switchToHttp().getRequest<Request & { auth?: AuthenticatedSession }>();
  if (!request.auth) throw new Error('CurrentSession used on a route without SessionGuard');
  return request.auth;
});
