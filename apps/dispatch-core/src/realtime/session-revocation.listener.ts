import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { SessionsRevoked } from '../auth/auth.events';
import { LiveEmitter } from './live-emitter';
import { sessionRoom, userRoom } from './live-rooms';

/** A revoked token's live socket closes at once: one session on logout, all of a user's on an admin revoke. */
@Injectable()
export class SessionRevocationListener {
  constructor(private readonly live: LiveEmitter) {}

  @OnEvent(SessionsRevoked.eventName)
  onRevoked(e: SessionsRevoked): void {
    this.live.disconnect([e.jti ? sessionRoom(e.jti) : userRoom(e.userId)]);
  }
}
