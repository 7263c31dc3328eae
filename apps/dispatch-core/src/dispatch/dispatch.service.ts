import type { Assignment, RecommendationList, Vehicle, VehicleType } from '@feijiu/contracts';
import { buildPointIndex, distanceM, findRingArea } from '@feijiu/geo';
import { Inject, Injectable } from '@nestjs/common';
import { FleetService } from '../fleet/fleet.service';
import { ASSIGNABLE_STATUSES } from '../fleet/vehicle-status-machine';
import { HospitalsService } from '../hospitals/hospitals.service';
import { AssignmentsService } from '../incidents/assignments.service';
import { IncidentsService } from '../incidents/incidents.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { AppError } from '../platform/errors/app-error';
import { type Actor, assertOwnVehicle, SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { type Candidate, listWarnings, rankCandidates } from './recommendation';
import { ROUTING_PROVIDER, type RoutingProvider } from './routing/routing-provider';

// Routing every free ambulance in a big fleet is wasteful: route the nearest ones by straight line.
const MAX_ROUTED_CANDIDATES = 40;
const MIN_CANDIDATES = 5;
const REQUIRED_TYPE_CANDIDATES = 3;

/** Recommends, assigns, and takes the crew's answer. Timers and GPS stamps: DispatchClock, AutoStamps. */
@Injectable()
export class DispatchService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly assignments: AssignmentsService,
    private readonly fleet: FleetService,
    private readonly hospitals: HospitalsService,
    @Inject(ROUTING_PROVIDER) private readonly routing: RoutingProvider,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  async recommend(incidentId: string, excludeVehicleIds: readonly string[] = []): Promise<RecommendationList> {
    const incident = await this.incidents.get(incidentId);
    // the county seat has town rings, the countryside the default ones
    const area = findRingArea(incident.location, this.config.dispatch.ringAreas);
    const ringsKm = area?.ringsKm ?? this.config.dispatch.ringsKm;
    const candidates = await this.findCandidates(incident.location, ringsKm.at(-1)! * 1000, excludeVehicleIds, incident.requiredVehicleType);
    const estimates = await this.routing.estimateTo(incident.location, candidates.map((c) => c.position));
    const items = rankCandidates({ candidates, estimates, ringsKm, requiredType: incident.requiredVehicleType });
    return {
      incidentId,
      ringsKm: [...ringsKm],
      area: area && { id: area.id, name: area.name, nameEn: area.nameEn },
      routing: this.routing.name,
      items,
      warnings: listWarnings(items, ringsKm, incident.requiredVehicleType),
    };
  }

  /** Offers the incident to a vehicle; of two dispatchers racing for one vehicle exactly one wins (409 for the other). */
  async assign(incidentId: string, vehicleId: string, actor: Actor): Promise<Assignment> {
    const incident = await this.incidents.get(incidentId);
    if (!['new', 'dispatched', 'on_scene'].includes(incident.status)) {
      throw new AppError('INCIDENT_ILLEGAL_TRANSITION', `incident is ${incident.status}; it cannot take an ambulance`);
    }
    const { vehicle, statusBefore } = await this.fleet.reserveForAssignment(vehicleId, actor);
    try {
      const origin = await this.positionOf(vehicle);
      // only from a standing start does the GPS moving off answer the offer (AutoStampsService)
      const standingStill = statusBefore === 'available' && (await this.fleet.isStandingStill(vehicleId));
      const [estimate] = await this.routing.estimateTo(incident.location, [origin]);
      const assignment = await this.assignments.offer(
        {
          incidentId,
          vehicleId,
          offerTimeoutSec: this.config.dispatch.offerTimeoutSec,
          departureTargetSec: this.config.dispatch.departureTargetSec,
          origin,
          distanceM: estimate?.distanceM ?? null,
          etaSec: estimate?.etaSec ?? null,
          statusBefore,
          standingStill,
        },
        actor,
      );
      await this.incidents.advance(incidentId, 'dispatched', `assignment:${assignment.id}`);
      await this.incidents.stampAuto(incidentId, 'dispatch_order', new Date(assignment.offeredAt), `assignment:${assignment.id}`);
      return assignment;
    } catch (err) {
      await this.fleet.releaseFromAssignment(vehicleId, SYSTEM('dispatch.assign-failed'), statusBefore);
      throw err;
    }
  }

  async accept(assignmentId: string, actor: Actor): Promise<Assignment> {
    const row = await this.assignments.get(assignmentId);
    assertOwnVehicle(actor, row.vehicleId);
    const updated = await this.assignments.transition(assignmentId, ['offered'], 'accepted', actor, { respondedAt: this.clock.now() });
    if (!updated) {
      // A crew that drove off (GPS departure, an en-route tap) has accepted already: pressing
      // Accept afterwards, or twice, answers with the assignment as it is, audited once.
      const current = await this.assignments.get(assignmentId);
      if (current.status !== 'accepted') {
        throw new AppError('ASSIGNMENT_NOT_OFFERED', `assignment is ${current.status}, not offered`, { status: current.status });
      }
    }
    return (await this.incidents.get(row.incidentId)).assignments.find((a) => a.id === assignmentId)!;
  }

  async decline(assignmentId: string, reason: string | undefined, actor: Actor): Promise<Assignment> {
    const row = await this.assignments.get(assignmentId);
    assertOwnVehicle(actor, row.vehicleId);
    const updated = await this.assignments.transition(assignmentId, ['offered'], 'declined', actor, {
      respondedAt: this.clock.now(),
      declineReason: reason ?? null,
    });
    if (!updated) throw new AppError('ASSIGNMENT_NOT_OFFERED', `assignment is ${row.status}, not offered`, { status: row.status });
    await this.fleet.releaseFromAssignment(row.vehicleId, actor, row.statusBeforeOffer);
    await this.requeueIfUnserved(row.incidentId);
    return (await this.incidents.get(updated.incidentId)).assignments.find((a) => a.id === assignmentId)!;
  }

  /** An incident whose every offer ended goes back to the queue as `new`. */
  async requeueIfUnserved(incidentId: string): Promise<void> {
    const incident = await this.incidents.get(incidentId);
    if (incident.status === 'dispatched' && !incident.assignments.some((a) => a.status === 'offered' || a.status === 'accepted')) {
      await this.incidents.advance(incidentId, 'new', 'dispatch.requeue');
    }
  }

  private async findCandidates(
    at: { lat: number; lon: number },
    lastRingM: number,
    exclude: readonly string[],
    requiredType: VehicleType | null,
  ): Promise<Candidate[]> {
    const now = this.clock.now().getTime();
    const vehicles = (await this.fleet.list()).filter((v) => ASSIGNABLE_STATUSES.includes(v.status) && !exclude.includes(v.id));
    const stations = new Map((await this.hospitals.list()).map((f) => [f.id, f]));
    const points = vehicles.map((v) => {
      const station = stations.get(v.stationId);
      const position = v.position ?? { lat: station?.lat ?? 0, lon: station?.lon ?? 0 };
      return { lat: position.lat, lon: position.lon, vehicle: v };
    });
    const index = buildPointIndex(points);
    let near = index.nearest(at, { maxResults: MAX_ROUTED_CANDIDATES, maxDistanceM: lastRingM });
    if (near.length < MIN_CANDIDATES) near = index.nearest(at, { maxResults: MIN_CANDIDATES });
    // A call that needs a type (a neonatal transfer) always sees the nearest of that type, however far.
    if (requiredType) {
      const fitting = index.nearest(at, { maxResults: REQUIRED_TYPE_CANDIDATES, filter: (p) => p.vehicle.type === requiredType });
      near = [...near, ...fitting.filter((p) => !near.includes(p))];
    }
    return near.map(({ vehicle: v, lat, lon }) => ({
      vehicleId: v.id,
      callSign: v.callSign,
      type: v.type,
      status: v.status,
      stationId: v.stationId,
      position: { lat, lon },
      straightM: distanceM(at, { lat, lon }),
      positionAgeSec: v.position ? (now - Date.parse(v.position.measuredAt)) / 1000 : null,
    }));
  }

  private async positionOf(v: Vehicle): Promise<{ lat: number; lon: number }> {
    if (v.position) return { lat: v.position.lat, lon: v.position.lon };
    const station = await this.hospitals.get(v.stationId);
    return { lat: station.lat, lon: station.lon };
  }
}
