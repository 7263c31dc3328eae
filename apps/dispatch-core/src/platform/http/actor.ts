import type { SessionUser } from '@feijiu/contracts';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { AppError } from '../errors/app-error';

/** Who made a change and from where; every audited change carries one. */
export type Actor =
  | { kind: 'user'; userId: string; username: string; role: SessionUser['role']; vehicleId: string | null; hospitalId: string | null; address: string | null }
  | { kind: 'system'; component: string };

export const SYSTEM = (component: string): Actor => ({ kind: 'system', component });

export function describeActor(actor: Actor): string {
  return actor.kind === 'user' ? `user:${actor.username}` : `system:${actor.component}`;
}

/** The logged-in user of this request as an audit actor, with the caller's address. */
export const RequestActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<Request & { user: SessionUser }>();
  const u = req.user;
  return {
    kind: 'user',
    userId: u.id,
    username: u.username,
    role: u.role,
    vehicleId: u.vehicleId,
    hospitalId: u.hospitalId,
    address: req.ip ?? null,
  };
});

/** A crew member may act only for the vehicle their login is bound to. */
export function assertOwnVehicle(actor: Actor, vehicleId: string): void {
  if (actor.kind === 'user' && actor.role === 'crew' && actor.vehicleId !== vehicleId) {
    throw new AppError('FORBIDDEN', `this login is bound to vehicle ${actor.vehicleId ?? '(none)'}, not ${vehicleId}`);
  }
}
