import type { TimeNode, TimelineStamp } from '@feijiu/contracts';
import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../platform/errors/app-error';
import { type Actor, describeActor, SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { currentStampsInRounds } from './dispatch-rounds';
import type { TimelineStampEntity } from './timeline-stamp.entity';
import { TimelineRepository } from './timeline.repository';
import { TimelineStamped } from './timeline.events';

/** Who or what made a stamp: the system (`auto`, with its source) or a person (`manual`, with who). */
export type StampOrigin =
  | { source: 'auto'; sourceDetail: string }
  | { source: 'manual'; recordedBy: string; sourceDetail: string; note?: string | null };

// A requeue starts the dispatch over: the next ambulance's order and departure are stamped
// again, and so is each later requeue (one per dispatch order).
const STARTED_OVER_BY: Partial<Record<TimeNode, TimeNode>> = {
  dispatch_order: 'returned_to_queue',
  departure: 'returned_to_queue',
  returned_to_queue: 'dispatch_order',
};

/** Stamps the time nodes of an incident: `auto` from an event (with its source) or `manual` (with who). */
@Injectable()
export class TimelineService {
  constructor(
    private readonly repo: TimelineRepository,
    private readonly audit: AuditService,
    private readonly events: EventEmitter2,
    private readonly clock: Clock,
  ) {}

  async list(incidentId: string): Promise<TimelineStamp[]> {
    const rows = await this.repo.listForIncident(incidentId);
    const supersededBy = new Map(rows.filter((r) => r.supersedes).map((r) => [r.supersedes!, r.id]));
    return rows.map((r) => toStamp(r, supersededBy.get(r.id) ?? null));
  }

  /**
   * The current stamps (corrections applied) with their dispatch round: 0 up to the first requeue,
   * 1 after it, … (a correction stays in the round of the stamp it corrects). For reports.
   */
  async listCurrentInRounds(incidentId: string): Promise<{ node: TimeNode; at: Date; round: number }[]> {
    return currentStampsInRounds(await this.repo.listForIncident(incidentId)).map(({ node, at, round }) => ({ node, at, round }));
  }

  /** An automatic stamp from an event; the first one of a node wins, later ones are ignored. */
  stampAuto(incidentId: string, node: TimeNode, at: Date, sourceDetail: string): Promise<TimelineStamp | null> {
    return this.stampFirst(incidentId, node, at, { source: 'auto', sourceDetail });
  }

  /**
   * The first stamp of a node, by the system or by a person's action (a status button); null,
   * and nothing recorded, when the node already has one. `actor` is audited when known.
   */
  async stampFirst(incidentId: string, node: TimeNode, at: Date, origin: StampOrigin, actor?: Actor): Promise<TimelineStamp | null> {
    const row = await this.repo.insertIfAbsent(
      {
        incidentId,
        node,
        at,
        source: origin.source,
        sourceDetail: origin.sourceDetail,
        recordedBy: origin.source === 'manual' ? origin.recordedBy : null,
        recordedAt: this.clock.now(),
        supersedes: null,
        note: origin.source === 'manual' ? (origin.note ?? null) : null,
      },
      STARTED_OVER_BY[node] ?? null,
    );
    if (!row) return null;
    const stamp = toStamp(row, null);
    const by = actor ?? SYSTEM(origin.source === 'auto' ? origin.sourceDetail : `${origin.sourceDetail} by ${origin.recordedBy}`);
    await this.audit.record(by, { entity: 'timeline', entityId: incidentId, action: `stamp:${node}`, after: stamp });
    this.events.emit(TimelineStamped.eventName, new TimelineStamped(stamp));
    return stamp;
  }

  /** A person's stamp; with `supersedes` it corrects an earlier stamp without erasing it. */
  async stampManual(
    incidentId: string,
    input: { node: TimeNode; at: Date; note?: string; supersedes?: string },
    actor: Actor,
  ): Promise<TimelineStamp> {
    if (input.supersedes) {
      const old = await this.repo.findById(input.supersedes);
      if (!old || old.incidentId !== incidentId) throw new AppError('NOT_FOUND', `no stamp ${input.supersedes} on this incident`);
      if (old.node !== input.node) throw new AppError('VALIDATION_FAILED', `a correction must keep the node (${old.node})`);
      const current = (await this.list(incidentId)).find((s) => s.id === old.id);
      if (current?.supersededBy) throw new AppError('CONFLICT', 'that stamp was already corrected; correct the newest one');
    }
    const row = await this.repo.insert({
      incidentId,
      node: input.node,
      at: input.at,
      source: 'manual',
      sourceDetail: 'console',
      recordedBy: describeActor(actor),
      recordedAt: this.clock.now(),
      supersedes: input.supersedes ?? null,
      note: input.note ?? null,
    });
    const stamp = toStamp(row, null);
    await this.audit.record(actor, {
      entity: 'timeline',
      entityId: incidentId,
      action: input.supersedes ? `correct:${input.node}` : `stamp:${input.node}`,
      after: stamp,
    });
    this.events.emit(TimelineStamped.eventName, new TimelineStamped(stamp));
    return stamp;
  }
}

function toStamp(r: TimelineStampEntity, supersededBy: string | null): TimelineStamp {
  return {
    id: r.id,
    incidentId: r.incidentId,
    node: r.node,
    at: r.at.toISOString(),
    source: r.source,
    sourceDetail: r.sourceDetail,
    recordedBy: r.recordedBy,
    recordedAt: r.recordedAt.toISOString(),
    supersedes: r.supersedes,
    supersededBy,
    note: r.note,
  };
}
