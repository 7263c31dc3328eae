import type { Role, SessionUser } from '@feijiu/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { IS_PUBLIC, ROLES } from '../platform/http/access.decorators';
import { AuthError } from './auth.errors';
import { TokenService } from './token.service';

/** Default-deny: every route needs a valid bearer token unless marked @Public(); @Roles narrows it. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true; // socket.io authenticates in its handshake middleware
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = ctx.switchToHttp().getRequest<Request & { user?: SessionUser }>();
    const token = readBearer(req.headers.authorization);
    if (!token) throw new AuthError('AUTH_REQUIRED', 'log in first: Authorization: Bearer <token>');
    const user = await this.tokens.verify(token);
    req.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new AuthError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}

function readBearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
