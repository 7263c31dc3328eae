import type { LiveEventName, LiveEventPayload } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import type { Namespace } from 'socket.io';

/** Sends contract events to rooms of `/live`; the gateway hands it the namespace at init. */
@Injectable()
export class LiveEmitter {
  private nsp: Namespace | null = null;

  attach(nsp: Namespace): void {
    this.nsp = nsp;
  }

  emit<E extends LiveEventName>(rooms: string[], event: E, payload: LiveEventPayload<E>): void {
    const unique = [...new Set(rooms)];
    if (!this.nsp || unique.length === 0) return;
    this.nsp.to(unique).emit(event, payload);
  }

  /** Closes every connection in these rooms, on every core instance (through the Redis adapter when there is one). */
  disconnect(rooms: string[]): void {
    if (!this.nsp || rooms.length === 0) return;
    this.nsp.in(rooms).disconnectSockets(true);
  }
}
