import { onBeforeUnmount, onMounted } from 'vue';
import { currentToken, dropSession } from './http';
import { connectLive, type LiveConnection, type LiveHandlers } from './live-socket';

/** One `/live` connection for the life of the calling component; `onReconnect` catches up on missed events. */
export function useLiveEvents(handlers: LiveHandlers, onReconnect?: () => void): void {
  let connection: LiveConnection | null = null;

  onMounted(() => {
    const token = currentToken();
    if (!token) {
      dropSession();
      return;
    }
    connection = connectLive({
      token,
      handlers,
      onConnected: (isReconnect) => {
        if (isReconnect) onReconnect?.();
      },
      onAuthRejected: dropSession,
    });
  });

  onBeforeUnmount(() => {
    connection?.close();
    connection = null;
  });
}
