import { LIVE_NAMESPACE, type SessionUser } from '@feijiu/contracts';
import { Logger } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
} from '@nestjs/websockets';
import type { DefaultEventsMap, Namespace, Socket } from 'socket.io';
import { TokenService } from '../auth/token.service';
import { MetricsService } from '../platform/metrics/metrics.service';
import { LiveEmitter } from './live-emitter';
import { roomsFor } from './live-rooms';

type LiveSocket = Socket<DefaultEventsMap, DefaultEventsMap, DefaultEventsMap, { user?: SessionUser }>;

/**
 * socket.io `/live`: authenticates the JWT in the handshake, puts the connection in the rooms its
 * role may see. The *-fanout listeners turn domain events into contract events. Nothing imports
 * this module.
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
    nsp.use((socket, next) => {
      const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
      if (typeof token !== 'string' || token === '') {
        next(Object.assign(new Error('AUTH_REQUIRED'), { data: { code: 'AUTH_REQUIRED', message: 'pass auth: { token }' } }));
        return;
      }
      this.tokens
        .verify(token)
        .then((user) => {
          (socket as LiveSocket).data.user = user;
          next();
        })
        .catch(() =>
          next(Object.assign(new Error('AUTH_TOKEN_INVALID'), { data: { code: 'AUTH_TOKEN_INVALID', message: 'invalid or expired token' } })),
        );
    });
  }

  async handleConnection(socket: LiveSocket): Promise<void> {
    const user = socket.data.user;
    if (!user) {
      socket.disconnect(true);
      return;
    }
    await socket.join(roomsFor(user));
    this.metrics.liveClients.inc({ role: user.role });
  }

  handleDisconnect(socket: LiveSocket): void {
    const user = socket.data.user;
    if (user) this.metrics.liveClients.dec({ role: user.role });
  }
}
