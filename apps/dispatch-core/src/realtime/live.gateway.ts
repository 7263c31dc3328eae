import { LIVE_NAMESPACE } from '@feijiu/contracts';
import { Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import { TokenService, type VerifiedSession } from '../auth/token.service';
import { MetricsService } from '../platform/metrics/metrics.service';
import { LiveEmitter } from './live-emitter';
import { roomsFor, sessionRoom, userRoom } from './live-rooms';

type LiveSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, { session?: VerifiedSession; expiry?: NodeJS.Timeout }>;

// setTimeout holds at most ~24.8 days; a token never lives that long (JWT_TTL_SEC ≤ 7 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * socket.io `/live`: authenticates the JWT in the handshake (the same check as REST: expiry,
 * disabled user, revoked token), puts the connection in the rooms its role may see, and closes it
 * when its token expires or is revoked. The *-fanout listeners turn domain events into contract
 * events. The gateway handles no client messages; any it ever does needs @Roles (AuthGuard).
 * Nothing imports this module.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, cors: false, serveClient: false })
export class LiveGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger('live');

  constructor(
    private readonly tokens: TokenService,
    private readonly metrics: MetricsService,
    private readonly live: LiveEmitter,
  ) {}

  afterInit(nsp: Namespace): void {
    this.live.attach(nsp);
    // socket.io always serves its main namespace `/`; nothing lives there, so nobody may connect to it
    nsp.server.of('/').use((_socket, next) => {
      next(Object.assign(new Error('ROUTE_NOT_FOUND'), { data: { code: 'ROUTE_NOT_FOUND', message: `connect to ${LIVE_NAMESPACE}` } }));
    });
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token === '') {
        next(Object.assign(new Error('AUTH_REQUIRED'), { data: { code: 'AUTH_REQUIRED', message: 'pass auth: { token }' } }));
        return;
      }
      this.tokens
        .verify(token)
        .then((session) => {
          (socket as LiveSocket).data.session = session;
          next();
        })
        .catch(() =>
          next(Object.assign(new Error('AUTH_TOKEN_INVALID'), { data: { code: 'AUTH_TOKEN_INVALID', message: 'invalid, expired or revoked token' } })),
        );
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const session = socket.data.session;
    if (!session) {
      socket.disconnect(true);
      return;
    }
    // the namespace takes no events from clients: answer an ack so a client never waits on one
    socket.onAny((...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack === 'function') (ack as (reply: unknown) => void)({ code: 'ROUTE_NOT_FOUND', message: `${LIVE_NAMESPACE} takes no events from clients` });
    });
    const { user, jti, expiresAt } = session;
    const streams = (socket.handshake.auth as { streams?: unknown } | undefined)?.streams;
    await socket.join([...roomsFor(user, Array.isArray(streams) ? streams.filter((s) => typeof s === 'string') : []), userRoom(user.id), sessionRoom(jti)]);
    // wall clock on purpose: the token's exp is checked against it (jsonwebtoken), not the injected Clock
    socket.data.expiry = setTimeout(() => socket.disconnect(true), Math.min(MAX_TIMER_MS, Math.max(0, expiresAt.getTime() - Date.now())));
    socket.data.expiry.unref();
    this.metrics.liveClients.inc({ role: user.role });
  }

  handleDisconnect(socket: LiveSocket): void {
    clearTimeout(socket.data.expiry);
    const user = socket.data.session?.user;
    if (user) this.metrics.liveClients.dec({ role: user.role });
  }
}
