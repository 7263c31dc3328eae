import type { AuditPage, AuditQuery, AuditVerification } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type Actor, describeActor } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { AuditRepository } from './audit.repository';

export interface AuditChange {
  entity: string;
  entityId: string;
  action: string;
  before?: unknown;
  after?: unknown;
}

/** The append-only, hash-chained record of every change to clinical and dispatch data. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly clock: Clock,
  ) {}

  record(actor: Actor, change: AuditChange, manager?: EntityManager): Promise<void> {
    return this.repo.append(
      {
        at: this.clock.now(),
        actor: describeActor(actor),
        sourceAddress: actor.kind === 'user' ? actor.address : null,
        entity: change.entity,
        entityId: change.entityId,
        action: change.action,
        before: change.before,
        after: change.after,
      },
      manager,
    );
  }

  list(query: AuditQuery): Promise<AuditPage> {
    return this.repo.list(query);
  }

  /** Recomputes every hash from the first entry; reports the first entry that was changed or removed. */
  verify(): Promise<AuditVerification> {
    return this.repo.verifyChain();
  }
}
