import type { AlertRaisedEvent } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { Clock } from '../platform/time/clock';
import { AlertRaised } from './dispatch.events';

@Injectable()
export class AlertsService {
  constructor(
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  raise(alert: Omit<AlertRaisedEvent, 'id' | 'raisedAt'>): AlertRaisedEvent {
    const full: AlertRaisedEvent = { id: randomUUID(), raisedAt: this.clock.now().toISOString(), ...alert };
    this.events.emit(AlertRaised.eventName, new AlertRaised(full));
    return full;
  }
}
