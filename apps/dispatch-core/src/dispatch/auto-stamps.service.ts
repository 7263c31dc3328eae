import type { AssignmentStatus, IncidentStatus, VehicleStatus } from '@feijiu/contracts';
import { distanceM } from '@feijiu/geo';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { VehicleMoved, VehicleStatusChanged } from '../fleet/fleet.events';
import { FleetService } from '../fleet/fleet.service';
import { HospitalsService } from '../hospitals/hospitals.service';
import { AssignmentsService } from '../incidents/assignments.service';
import { IncidentChanged } from '../incidents/incident.events';
import { IncidentsService } from '../incidents/incidents.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { SYSTEM } from '../platform/http/actor';
import type { StampOrigin } from '../timeline/timeline.service';
import { DispatchService } from './dispatch.service';
import { GeofenceTracker } from './geofence-tracker';

const MOVING_MPS = 1;
// an ambulance in these has not reached the scene: stood down when its incident ends
const NOT_YET_THERE: readonly VehicleStatus[] = ['dispatched', 'en_route'];
const STAMPING_STATUSES: readonly VehicleStatus[] = ['en_route', 'on_scene', 'transporting', 'at_hospital'];
const isOpen = (status: IncidentStatus) => status !== 'closed' && status !== 'cancelled';

/**
 * Stamps what the GPS says without anyone pressing a button: departure when the ambulance moves
 * off its position at the order, arrival on scene and at hospital by geofence (inside 100 m for
 * 30 s); and keeps the incident in step with its ambulance's status.
 */
@Injectable()
export class AutoStampsService {
  private readonly logger = new Logger('auto-stamps');
  private readonly fences: GeofenceTracker;

  constructor(
    private readonly assignments: AssignmentsService,
    private readonly incidents: IncidentsService,
    private readonly fleet: FleetService,
    private readonly hospitals: HospitalsService,
    private readonly dispatch: DispatchService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.fences = new GeofenceTracker(config.dispatch.geofenceDwellSec * 1000);
  }

  // One vehicle's fixes and status changes are handled one after another, in the order they
  // happened: the geofence dwell must see fixes in time order, and the incident must follow
  // en route → on scene → transporting in that order even when the crew taps them in quick
  // succession, although each handler awaits the database.
  private readonly perVehicle = new Map<string, Promise<void>>();

  private inOrder(vehicleId: string, work: () => Promise<void>): Promise<void> {
    const next = (this.perVehicle.get(vehicleId) ?? Promise.resolve()).then(work);
    this.perVehicle.set(vehicleId, next);
    void next.finally(() => {
      if (this.perVehicle.get(vehicleId) === next) this.perVehicle.delete(vehicleId);
    });
    return next;
  }

  @OnEvent(VehicleMoved.eventName, { async: true, promisify: true })
  onVehicleMoved(e: VehicleMoved): Promise<void> {
    return this.inOrder(e.vehicleId, () => this.handleMove(e));
  }

  private async handleMove(e: VehicleMoved): Promise<void> {
    if (!['dispatched', 'en_route', 'transporting'].includes(e.status)) {
      this.fences.forget(e.vehicleId);
      return;
    }
    try {
      const a = await this.assignments.liveAssignmentOf(e.vehicleId);
      if (!a || a.status !== 'accepted' && a.status !== 'offered') return;
      const here = { lat: e.lat, lon: e.lon };
      const radius = this.config.dispatch.geofenceRadiusM;
      const source = `gps:${e.vehicleId}`;
      const incident = await this.incidents.get(a.incidentId);
      if (!isOpen(incident.status)) return;
      let answered = a.status === 'accepted';

      // Moving off counts only from a standing start (available, standing still at the offer): an
      // ambulance already on the road keeps driving whether or not its crew saw the offer, so its
      // answer is Accept or an en-route tap, and its offer timer runs meanwhile.
      if (!a.departedAt && a.standingAtOffer && a.originLat !== null && a.originLon !== null) {
        const moved = distanceM(here, { lat: a.originLat, lon: a.originLon }) > radius && (e.speedMps ?? MOVING_MPS) >= MOVING_MPS;
        // a crew that drives off without pressing Accept has accepted: the offer timer must not stand it down
        if (moved && !answered) answered = (await this.assignments.acceptImplicitly(a.id, e.measuredAt, SYSTEM(source))) !== null;
        if (moved && answered && (await this.assignments.markDeparted(a.id, e.measuredAt, SYSTEM(source)))) {
          await this.incidents.stampAuto(a.incidentId, 'departure', e.measuredAt, source);
          await this.fleet.changeStatusAuto(e.vehicleId, 'dispatched', 'en_route', source);
        }
      }
      // an offer nobody answered does not follow the GPS (a returning ambulance passing the scene)
      if (!answered) return;

      if (e.status === 'en_route' || e.status === 'dispatched') {
        const inside = distanceM(here, incident.location) <= radius;
        const arrivedAt = this.fences.update(e.vehicleId, `scene:${incident.id}`, inside, e.measuredAt);
        if (arrivedAt) {
          await this.incidents.stampAuto(incident.id, 'arrival_on_scene', arrivedAt, `geofence:${e.vehicleId}`);
          await this.fleet.changeStatusAuto(e.vehicleId, e.status, 'on_scene', `geofence:${e.vehicleId}`);
        }
      } else if (e.status === 'transporting' && incident.destinationHospitalId) {
        const hospital = await this.hospitals.get(incident.destinationHospitalId);
        const inside = distanceM(here, hospital) <= radius;
        const arrivedAt = this.fences.update(e.vehicleId, `hospital:${hospital.id}`, inside, e.measuredAt);
        if (arrivedAt) {
          await this.incidents.stampAuto(incident.id, 'arrival_at_hospital', arrivedAt, `geofence:${e.vehicleId}`);
          await this.fleet.changeStatusAuto(e.vehicleId, 'transporting', 'at_hospital', `geofence:${e.vehicleId}`);
        }
      }
    } catch (err) {
      this.logger.error({ err, vehicleId: e.vehicleId }, 'automatic stamps failed for a GPS fix');
    }
  }

  /** Whoever changed the ambulance's status (crew, dispatcher, geofence), the incident follows. */
  @OnEvent(VehicleStatusChanged.eventName, { async: true, promisify: true })
  onVehicleStatusChanged(e: VehicleStatusChanged): Promise<void> {
    return this.inOrder(e.vehicleId, () => this.followStatus(e));
  }

  private async followStatus(e: VehicleStatusChanged): Promise<void> {
    try {
      const a = await this.assignments.liveAssignmentOf(e.vehicleId);
      if (!a) return;
      await this.followVehicle(a, e, stampOriginOf(e));
    } catch (err) {
      this.logger.error({ err, vehicleId: e.vehicleId }, 'incident did not follow the vehicle status');
    }
  }

  /**
   * An incident ended by hand lets go of its ambulances, so their crews' taps no longer drive it.
   * Cancelled: each is stood down (releaseFromAssignment). Closed: one that reached the scene has
   * completed its job and its crew clears as usual; one still offered or on its way is stood down.
   */
  @OnEvent(IncidentChanged.eventName, { async: true, promisify: true })
  async onIncidentChanged(e: IncidentChanged): Promise<void> {
    const { status } = e.incident;
    if (status !== 'cancelled' && status !== 'closed') return;
    const actor = SYSTEM(`incident-${status}`);
    try {
      for (const a of e.incident.assignments.filter((x) => x.status === 'offered' || x.status === 'accepted')) {
        const vehicleStatus = (await this.fleet.get(a.vehicleId)).status;
        if (status === 'closed' && a.status === 'accepted' && !NOT_YET_THERE.includes(vehicleStatus)) {
          await this.assignments.transition(a.id, ['accepted'], 'completed', actor);
          continue;
        }
        const done = await this.assignments.transition(a.id, ['offered', 'accepted'], 'cancelled', actor);
        if (done) await this.fleet.releaseFromAssignment(a.vehicleId, actor, done.statusBeforeOffer);
      }
    } catch (err) {
      this.logger.error({ err, incidentId: e.incident.id }, 'ambulances not let go of an ended incident');
    }
  }

  private async followVehicle(
    a: { id: string; incidentId: string; status: AssignmentStatus; departedAt: Date | null },
    e: VehicleStatusChanged,
    origin: StampOrigin,
  ): Promise<void> {
    const { incidentId } = a;
    const at = e.changedAt;
    const detail = `vehicle-status:${e.to} by ${e.actor}`;
    // an ended incident takes no more stamps (its assignments are being let go of: onIncidentChanged)
    if (STAMPING_STATUSES.includes(e.to) && !isOpen((await this.incidents.get(incidentId)).status)) return;
    // the node goes on first, with its exact time and who pressed the button; the incident's own
    // status change then finds it stamped
    switch (e.to) {
      case 'en_route':
        // rolling is the answer to the offer, Accept pressed or not
        if (a.status === 'offered') await this.assignments.acceptImplicitly(a.id, at, SYSTEM(detail));
        if (!a.departedAt && (await this.assignments.markDeparted(a.id, at, SYSTEM(detail)))) {
          await this.incidents.stampFirst(incidentId, 'departure', at, origin);
        }
        return;
      case 'on_scene':
        await this.incidents.stampFirst(incidentId, 'arrival_on_scene', at, origin);
        await this.incidents.advance(incidentId, 'on_scene', detail, origin);
        return;
      case 'transporting':
        await this.incidents.stampFirst(incidentId, 'leave_scene', at, origin);
        await this.incidents.advance(incidentId, 'transporting', detail, origin);
        return;
      case 'at_hospital':
        await this.incidents.stampFirst(incidentId, 'arrival_at_hospital', at, origin);
        await this.incidents.advance(incidentId, 'at_hospital', detail, origin);
        return;
      case 'returning':
      case 'available':
      case 'out_of_service': {
        const finished = e.from === 'at_hospital' || e.from === 'on_scene';
        await this.assignments.transition(a.id, ['offered', 'accepted'], finished ? 'completed' : 'cancelled', SYSTEM(detail));
        const incident = await this.incidents.get(incidentId);
        const stillServed = incident.assignments.some((x) => x.status === 'offered' || x.status === 'accepted');
        if (!stillServed && (incident.status === 'at_hospital' || incident.status === 'on_scene')) {
          await this.incidents.advance(incidentId, 'closed', detail, origin);
        } else {
          await this.dispatch.requeueIfUnserved(incidentId);
        }
        return;
      }
      case 'dispatched':
        return;
    }
  }
}

/** A button pressed by a person (crew tablet, dispatcher) stamps as that person; the core's own changes stamp `auto`. */
function stampOriginOf(e: VehicleStatusChanged): StampOrigin {
  if (e.source === 'manual' && e.actor.startsWith('user:')) return { source: 'manual', recordedBy: e.actor, sourceDetail: `vehicle-status:${e.to}` };
  return { source: 'auto', sourceDetail: `vehicle-status:${e.to} by ${e.actor}` };
}
