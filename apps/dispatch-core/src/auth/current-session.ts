import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import type { VerifiedSession } from './token.service';

/** A request past the AuthGuard: the session its bearer token stands for. */
export type AuthenticatedRequest = Request & { user?: VerifiedSession['user']; session?: VerifiedSession };

export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): VerifiedSession => {
  const session = ctx.switchToHttp().getRequest<AuthenticatedRequest>().session;
  if (!session) throw new Error('CurrentSession used on a route without a session (a @Public route?)');
  return session;
});
