import type { CrewMember, GpsMessage, Vehicle, VehicleStatus } from '@feijiu/contracts';
import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { AuditService } from '../audit/audit.service';
import { type Actor, describeActor, SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { IllegalVehicleTransitionError, VehicleNotAvailableError, VehicleNotFoundError } from './fleet.errors';
import { isStandingStill, STANDSTILL_WINDOW_SEC } from './standstill';
import { ASSIGNABLE_STATUSES, canChangeVehicleStatus, nextVehicleStatuses } from './vehicle-status-machine';
import { MqttIngressService } from '../platform/mqtt/mqtt-ingress.service';
import type { VehicleMessage } from '../platform/mqtt/vehicle-message';
import { VehicleCrewChanged, VehicleMoved, VehicleStatusChanged } from './fleet.events';
import { type CrewSeed, VehicleCrewRepository } from './vehicle-crew.repository';
import type { VehicleEntity } from './vehicle.entity';
import { VehicleRepository } from './vehicle.repository';

@Injectable()
export class FleetService implements OnModuleInit {
  private readonly logger = new Logger(FleetService.name);

  constructor(
    private readonly vehicles: VehicleRepository,
    private readonly crews: VehicleCrewRepository,
    private readonly ingress: MqttIngressService,
    private readonly events: EventEmitter2,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.ingress.on('gps', (msg) => this.recordGps(msg));
  }

  async list(): Promise<Vehicle[]> {
    const [vehicles, crews] = await Promise.all([this.vehicles.list(), this.crews.crewsOf()]);
    return vehicles.map((v) => toVehicle(v, crews.get(v.id) ?? []));
  }

  async get(id: string): Promise<Vehicle> {
    const [v, crews] = await Promise.all([this.vehicles.findById(id), this.crews.crewsOf([id])]);
    if (!v) throw new VehicleNotFoundError(id);
    return toVehicle(v, crews.get(id) ?? []);
  }

  /** The shift's crew replaces the previous one (the crew at shift change, or a dispatcher); audited. */
  async setCrew(id: string, crew: readonly CrewMember[], actor: Actor): Promise<Vehicle> {
    const changedAt = this.clock.now();
    const found = await this.crews.replace(id, crew, changedAt, (before, manager) =>
      this.audit.record(actor, { entity: 'vehicle', entityId: id, action: 'crew', before: { crew: before }, after: { crew } }, manager),
    );
    if (!found) throw new VehicleNotFoundError(id);
    this.events.emit(VehicleCrewChanged.eventName, new VehicleCrewChanged(id, crew, changedAt, describeActor(actor)));
    return this.get(id);
  }

  /** Demo seed: crews for vehicles that never had one set. */
  seedCrews(seeds: readonly CrewSeed[]): Promise<number> {
    return this.crews.seedWhereNeverSet(seeds, this.clock.now());
  }

  /** A status change asked for by a person (crew tablet, dispatcher), checked against the status machine. */
  async changeStatus(id: string, to: VehicleStatus, actor: Actor, reason?: string): Promise<Vehicle> {
    const current = await this.get(id);
    if (to === 'dispatched' || !canChangeVehicleStatus(current.status, to)) {
      // `dispatched` only through an assignment
      throw new IllegalVehicleTransitionError(id, current.status, to, nextVehicleStatuses(current.status).filter((s) => s !== 'dispatched'));
    }
    return (await this.move(id, [current.status], to, actor, 'manual', reason)).vehicle;
  }

  /** Automatic change (geofence, departure) — silently skipped when the vehicle is no longer in `from`. */
  changeStatusAuto(id: string, from: VehicleStatus, to: VehicleStatus, sourceDetail: string): Promise<boolean> {
    return this.tryMove(id, [from], to, SYSTEM(sourceDetail));
  }

  /**
   * Takes a free vehicle for a job, with the status it had (available, or returning on the road);
   * of two dispatchers racing for it exactly one gets it.
   */
  reserveForAssignment(id: string, actor: Actor): Promise<{ vehicle: Vehicle; statusBefore: VehicleStatus }> {
    return this.move(id, ASSIGNABLE_STATUSES, 'dispatched', actor, 'manual').catch(async (err: unknown) => {
      if (err instanceof IllegalVehicleTransitionError) {
        const v = await this.get(id);
        throw new VehicleNotAvailableError(id, v.status);
      }
      throw err;
    });
  }

  /** Whether the vehicle stood still over the minute up to its latest fix (true without any fix). */
  async isStandingStill(id: string): Promise<boolean> {
    return isStandingStill(await this.vehicles.recentTrack(id, STANDSTILL_WINDOW_SEC));
  }

  /**
   * Gives a vehicle back when its job ended before it was done (offer declined or expired, incident
   * cancelled or closed). One that had not reached the scene goes back to its status at the offer
   * (`statusBefore`: available, or returning when it was on its way home); one at the scene is
   * returning. Any other status is left to its crew.
   */
  async releaseFromAssignment(id: string, actor: Actor, statusBefore: VehicleStatus | null = null): Promise<void> {
    const back: VehicleStatus = statusBefore === 'returning' ? 'returning' : 'available';
    if (await this.tryMove(id, ['dispatched', 'en_route'], back, actor)) return;
    await this.tryMove(id, ['on_scene'], 'returning', actor);
  }

  /** An automatic change; false when the vehicle was not in `from`. */
  private tryMove(id: string, from: readonly VehicleStatus[], to: VehicleStatus, actor: Actor): Promise<boolean> {
    return this.move(id, from, to, actor, 'auto').then(
      () => true,
      (err: unknown) => {
        if (err instanceof IllegalVehicleTransitionError) return false;
        throw err;
      },
    );
  }

  /** The conditional status change, audited and announced; the status it replaced with the vehicle. */
  private async move(
    id: string,
    from: readonly VehicleStatus[],
    to: VehicleStatus,
    actor: Actor,
    source: 'auto' | 'manual',
    reason?: string,
  ): Promise<{ vehicle: Vehicle; statusBefore: VehicleStatus }> {
    const previous = await this.vehicles.compareAndSetStatus(id, from, to);
    if (previous === null) {
      const v = await this.vehicles.findById(id);
      if (!v) throw new VehicleNotFoundError(id);
      throw new IllegalVehicleTransitionError(id, v.status, to, nextVehicleStatuses(v.status));
    }
    const changedAt = this.clock.now();
    await this.audit.record(actor, { entity: 'vehicle', entityId: id, action: 'status', before: { status: previous }, after: { status: to, reason } });
    this.events.emit(
      VehicleStatusChanged.eventName,
      new VehicleStatusChanged(id, previous, to, changedAt, source, describeActor(actor)),
    );
    return { vehicle: await this.get(id), statusBefore: previous };
  }

  upsertVehicles(rows: Parameters<VehicleRepository['upsertMany']>[0]): Promise<void> {
    return this.vehicles.upsertMany(rows);
  }

  async recordGps({ vehicleId, payload, receivedAt }: VehicleMessage<'gps'>): Promise<void> {
    const fix = toFixRow(vehicleId, payload, receivedAt);
    let moved: VehicleEntity | null;
    try {
      moved = await this.vehicles.recordFix(fix);
    } catch (err) {
      // a gateway of a vehicle the core does not know (FK violation) is logged, not fatal
      if ((err as { code?: string }).code === '23503') {
        this.logger.warn({ code: 'VEHICLE_NOT_FOUND', vehicleId }, 'GPS from an unknown vehicle');
        return;
      }
      throw err;
    }
    if (!moved) return;
    this.events.emit(
      VehicleMoved.eventName,
      new VehicleMoved(moved.id, moved.stationId, moved.status, fix.lat, fix.lon, fix.speedMps, fix.headingDeg, fix.measuredAt),
    );
  }
}

function toFixRow(vehicleId: string, gps: GpsMessage, receivedAt: Date) {
  return {
    vehicleId,
    seq: gps.seq,
    measuredAt: new Date(gps.ts),
    receivedAt,
    lat: gps.lat,
    lon: gps.lon,
    // stored as `real`, which refuses what is below its range (a gateway's 5e-324 failed the
    // whole fix): keep the resolution a GPS has anyway, 0.01 m/s and 0.01°
    speedMps: gps.speedMps === undefined ? null : roundTo2(gps.speedMps),
    headingDeg: gps.headingDeg === undefined ? null : roundTo2(gps.headingDeg) % 360,
  };
}

function roundTo2(value: number): number {
  return Math.round(value * 100) / 100;
}

function toVehicle(v: VehicleEntity, crew: CrewMember[]): Vehicle {
  return {
    id: v.id,
    callSign: v.callSign,
    plate: v.plate,
    type: v.type,
    status: v.status,
    stationId: v.stationId,
    position:
      v.lastLat === null || v.lastLon === null || v.lastMeasuredAt === null
        ? null
        : {
            lat: v.lastLat,
            lon: v.lastLon,
            speedMps: v.lastSpeedMps,
            headingDeg: v.lastHeadingDeg,
            measuredAt: v.lastMeasuredAt.toISOString(),
          },
    crew,
    crewUpdatedAt: v.crewUpdatedAt?.toISOString() ?? null,
  };
}
