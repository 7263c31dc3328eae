import type { VehicleStatus } from '@feijiu/contracts';
import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FleetService } from '../fleet/fleet.service';
import { AssignmentsService } from '../incidents/assignments.service';
import { SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { AlertsService } from './alerts.service';
import { departureLateText, offerUnansweredText } from './dispatch-alert-texts';
import { DispatchService } from './dispatch.service';

const TICK_MS = 1000;
const ON_THE_WAY: readonly VehicleStatus[] = ['en_route', 'on_scene', 'transporting', 'at_hospital'];
// With several cores, one at a time runs the timers (ARCHITECTURE.md: advisory locks).
const DISPATCH_TIMERS_LOCK = 0x64697370; // 'disp'

/**
 * The dispatch timers, kept in the database so a restart loses none: an offer unanswered past
 * its expiry raises an alert and proposes the next vehicle; a crew not rolling by the departure
 * target (3 min by default) raises an alert.
 */
@Injectable()
export class DispatchClockService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('dispatch-clock');
  private timer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly assignments: AssignmentsService,
    private readonly dispatch: DispatchService,
    private readonly fleet: FleetService,
    private readonly alerts: AlertsService,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), TICK_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass over due timers; public so tests can drive it with a frozen clock. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.dataSource.transaction(async (m) => {
        const [{ locked }] = (await m.query('SELECT pg_try_advisory_xact_lock($1) AS locked', [DISPATCH_TIMERS_LOCK])) as { locked: boolean }[];
        if (!locked) return;
        const now = this.clock.now();
        for (const a of await this.assignments.offersExpiredBy(now)) await this.expireOffer(a.id, a.vehicleId, a.incidentId);
        for (const a of await this.assignments.departuresLateBy(now)) {
          await this.assignments.markFlag(a.id, { departureAlertedAt: now });
          // the target this order was given with (FEIJIU_DEPARTURE_TARGET_SEC when it was made)
          const targetSec = Math.round((a.departureDeadlineAt.getTime() - a.offeredAt.getTime()) / 1000);
          this.alerts.raise({
            kind: 'departure_late',
            severity: 'critical',
            message: departureLateText(a.vehicleId, (now.getTime() - a.offeredAt.getTime()) / 1000, targetSec),
            vehicleId: a.vehicleId,
            incidentId: a.incidentId,
            details: { assignmentId: a.id, deadline: a.departureDeadlineAt.toISOString() },
          });
        }
      });
    } catch (err) {
      this.logger.error({ err }, 'dispatch timers failed; retrying next tick');
    } finally {
      this.running = false;
    }
  }

  private async expireOffer(assignmentId: string, vehicleId: string, incidentId: string): Promise<void> {
    const now = this.clock.now();
    // One conditional statement: an offer expires only while its ambulance still stands by for it
    // (`dispatched`, its row locked), so a crew's en-route tap under way cannot be stood down.
    const expired = await this.assignments.expireOffer(assignmentId, now, SYSTEM('dispatch-clock'));
    if (!expired) {
      // The crew tapped en route a moment ago and its status handler has not yet taken the offer
      // as accepted: the ambulance is on its way.
      if (ON_THE_WAY.includes((await this.fleet.get(vehicleId)).status)) {
        await this.assignments.acceptImplicitly(assignmentId, now, SYSTEM('dispatch-clock: ambulance already on its way'));
      }
      return;
    }
    await this.fleet.releaseFromAssignment(vehicleId, SYSTEM('dispatch-clock'), expired.statusBeforeOffer);
    await this.dispatch.requeueIfUnserved(incidentId);
    const next = (await this.dispatch.recommend(incidentId, [vehicleId])).items[0];
    this.alerts.raise({
      kind: 'offer_unanswered',
      severity: 'warning',
      message: offerUnansweredText(vehicleId, next),
      vehicleId,
      incidentId,
      details: { assignmentId, nextVehicleId: next?.vehicleId ?? null, nextEtaSec: next?.etaSec ?? null },
    });
  }
}
