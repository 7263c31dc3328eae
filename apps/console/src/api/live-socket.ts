import {
  LIVE_EVENT_SCHEMAS,
  LIVE_NAMESPACE,
  type LiveEventName,
  type LiveEventPayload,
} from '@feijiu/contracts';
import { io, type Socket } from 'socket.io-client';
import { readonly, ref } from 'vue';

export type LiveState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

const liveStateRef = ref<LiveState>('disconnected');
/** The one connection indicator the header shows. */
export const liveState = readonly(liveStateRef);

export type LiveHandlers = {
  [E in LiveEventName]?: (payload: LiveEventPayload<E>) => void;
};

export interface LiveConnectionOptions {
  token: string;
  handlers: LiveHandlers;
  /** After every successful (re)connect; `isReconnect` tells the view to catch up on missed events. */
  onConnected?: (isReconnect: boolean) => void;
  /** The server refused the token: the session is over. */
  onAuthRejected: () => void;
}

export interface LiveConnection {
  close(): void;
}

const AUTH_ERRORS = new Set(['AUTH_TOKEN_INVALID', 'AUTH_REQUIRED']);

function subscribe<E extends LiveEventName>(socket: Socket, event: E, handler: (payload: LiveEventPayload<E>) => void): void {
  const schema = LIVE_EVENT_SCHEMAS[event];
  // Widened to string: socket.io's typed-listener overloads do not resolve for a generic event name.
  const eventName: string = event;
  socket.on(eventName, (raw: unknown) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) handler(parsed.data as LiveEventPayload<E>);
    else console.warn(`[feijiu] ignoring an invalid ${event} payload`, parsed.error.issues, raw);
  });
}

/** socket.io namespace `/live` with the JWT in the handshake; socket.io reconnects on its own. */
export function connectLive(options: LiveConnectionOptions): LiveConnection {
  const socket = io(LIVE_NAMESPACE, {
    auth: { token: options.token },
    transports: ['websocket'],
  });
  let connectedBefore = false;
  liveStateRef.value = 'connecting';

  for (const event of Object.keys(LIVE_EVENT_SCHEMAS) as LiveEventName[]) {
    const handler = options.handlers[event];
    if (handler) subscribe(socket, event, handler as (payload: LiveEventPayload<typeof event>) => void);
  }

  socket.on('connect', () => {
    liveStateRef.value = 'connected';
    options.onConnected?.(connectedBefore);
    connectedBefore = true;
  });
  socket.on('disconnect', () => {
    // socket.active: socket.io will try again by itself (not after a server-side or manual disconnect).
    liveStateRef.value = socket.active ? 'reconnecting' : 'disconnected';
  });
  socket.on('connect_error', (error: Error) => {
    if (AUTH_ERRORS.has(error.message)) {
      socket.disconnect();
      liveStateRef.value = 'disconnected';
      options.onAuthRejected();
      return;
    }
    liveStateRef.value = socket.active ? 'reconnecting' : 'disconnected';
  });

  return {
    close() {
      socket.removeAllListeners();
      socket.disconnect();
      liveStateRef.value = 'disconnected';
    },
  };
}
