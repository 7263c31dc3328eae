import { LIVE_NAMESPACE, type LiveEventName } from '@feijiu/contracts';
import type { Logger } from 'pino';
import { io, type Socket } from 'socket.io-client';

// One demo user's socket.io connection to the core's `/live` namespace, as the consoles hold it:
// JWT in the handshake (fetched afresh on each attempt, so a lapsed token is replaced),
// reconnecting with backoff, including after the server refused or dropped the connection
// (socket.io does not retry those by itself).

export interface LiveSocketOptions {
  baseUrl: string;
  /** Who is connecting, for logs. */
  username: string;
  accessToken: () => Promise<string>;
  /** The core refused the token: forget it so the next attempt logs in again. */
  invalidateToken: () => void;
  logger: Logger;
  handlers: Partial<Record<LiveEventName, (payload: unknown) => void>>;
}

export interface LiveSocket {
  readonly connected: boolean;
  close(): void;
}

const RETRY_MS = 5000;

export function connectLive(options: LiveSocketOptions): LiveSocket {
  const { logger, username } = options;
  let closed = false;
  let retryTimer: NodeJS.Timeout | null = null;
  let problemLogged = false;
  const socket: Socket = io(`${options.baseUrl.replace(/\/+$/, '')}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    reconnectionDelay: 1000,
    reconnectionDelayMax: 30_000,
    auth: (cb) => {
      options.accessToken().then(
        (token) => cb({ token }),
        (err: unknown) => {
          if (!problemLogged) logger.warn({ username, err: String(err) }, 'cannot log in for the live socket; retrying');
          problemLogged = true;
          cb({});
        },
      );
    },
  });

  const retryLater = () => {
    if (closed || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      if (!closed && !socket.connected) socket.connect();
    }, RETRY_MS);
  };

  socket.on('connect', () => {
    if (problemLogged) logger.info({ username }, 'live socket connected');
    problemLogged = false;
  });
  socket.on('connect_error', (err) => {
    if (!problemLogged) logger.warn({ username, err: err.message }, 'live socket cannot connect; retrying');
    problemLogged = true;
    // refused by the server's middleware (bad or lapsed token): socket.io gives up, we do not
    if (!socket.active) {
      options.invalidateToken();
      retryLater();
    }
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    if (!problemLogged) logger.warn({ username, reason }, 'live socket disconnected');
    problemLogged = true;
    if (reason === 'io server disconnect') {
      options.invalidateToken();
      retryLater();
    }
  });
  for (const [event, handler] of Object.entries(options.handlers)) {
    socket.on(event, (payload: unknown) => {
      try {
        handler(payload);
      } catch (err) {
        logger.error({ username, event, err: String(err) }, 'live event handler failed');
      }
    });
  }

  return {
    get connected() {
      return socket.connected;
    },
    close: () => {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}
