import type { Role, SessionUser } from '@feijiu/contracts';
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Socket } from 'socket.io';
import { IS_PUBLIC, ROLES } from '../platform/http/access.decorators';
import { AuthError } from './auth.errors';
import type { AuthenticatedRequest } from './current-session';
import { TokenService } from './token.service';

/**
 * Default-deny: every route needs a valid bearer token unless marked @Public(), and an explicit
 * @Roles(...) list; a route with neither is refused for everyone. Socket.io message handlers need
 * @Roles too (the handshake already authenticated the connection).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, targets);
    switch (ctx.getType<'http' | 'ws' | 'rpc'>()) {
      case 'http':
        if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
        return this.checkRequest(ctx.switchToHttp().getRequest<AuthenticatedRequest>(), roles);
      case 'ws':
        return isAllowed((ctx.switchToWs().getClient<Socket>().data as { session?: { user: SessionUser } } | undefined)?.session?.user, roles);
      case 'rpc':
        return true; // MQTT is authenticated by the broker (per-vehicle credentials and ACL), not here
    }
  }

  private async checkRequest(req: AuthenticatedRequest, roles: Role[] | undefined): Promise<boolean> {
    const token = readBearer(req.headers.authorization);
    if (!token) throw new AuthError('AUTH_REQUIRED', 'log in first: Authorization: Bearer <token>');
    const session = await this.tokens.verify(token);
    req.user = session.user;
    req.session = session;
    if (!roles) throw new AuthError('FORBIDDEN', 'this route has no access decision (@Roles); refused for everyone');
    if (!roles.includes(session.user.role)) throw new AuthError('FORBIDDEN', `this needs one of the roles: ${roles.join(', ')}`);
    return true;
  }
}

function isAllowed(user: SessionUser | undefined, roles: Role[] | undefined): boolean {
  return user !== undefined && roles !== undefined && roles.includes(user.role);
}

function readBearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
