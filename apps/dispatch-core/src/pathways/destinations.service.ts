import type { DestinationList } from '@feijiu/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { ROUTING_PROVIDER, type RoutingProvider } from '../dispatch/routing/routing-provider';
import { FleetService } from '../fleet/fleet.service';
import { HospitalsService } from '../hospitals/hospitals.service';
import { IncidentsService } from '../incidents/incidents.service';
import type { Actor } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { TimelineService } from '../timeline/timeline.service';
import { AssessmentsService } from './assessments.service';
import { decideDestination } from './destination-rules';

/** `GET /incidents/{id}/destinations`: hospitals ranked by fit for the patient's pathway and ETA from the ambulance. */
@Injectable()
export class DestinationsService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly assessments: AssessmentsService,
    private readonly hospitals: HospitalsService,
    private readonly fleet: FleetService,
    private readonly timeline: TimelineService,
    @Inject(ROUTING_PROVIDER) private readonly routing: RoutingProvider,
    private readonly clock: Clock,
  ) {}

  async rank(incidentId: string, actor: Actor): Promise<DestinationList> {
    const incident = await this.incidents.getVisible(incidentId, actor);
    const assessment = await this.assessments.latest(incidentId);
    const origin = await this.origin(incident.assignments.find((a) => a.status === 'accepted')?.vehicleId, incident.location);
    const facilities = (await this.hospitals.list()).filter((f) => f.kind !== 'command_centre');
    const estimates = await this.routing.estimateTo(origin, facilities);
    const options = facilities.map((facility, i) => ({ facility, etaSec: estimates[i]?.etaSec ?? null, distanceM: estimates[i]?.distanceM ?? null }));
    const decision = decideDestination(options, assessment, await this.minutesSinceFirstContact(incidentId));
    return { incidentId, pathways: AssessmentsService.pathwaysOf(assessment), rule: decision.rule, items: decision.items };
  }

  async etaSecTo(hospitalId: string, vehicleId: string | undefined, fallback: { lat: number; lon: number }): Promise<number | null> {
    const hospital = await this.hospitals.get(hospitalId);
    const [est] = await this.routing.estimateTo(hospital, [await this.origin(vehicleId, fallback)]);
    return est?.etaSec ?? null;
  }

  private async origin(vehicleId: string | undefined, fallback: { lat: number; lon: number }) {
    if (!vehicleId) return fallback;
    const v = await this.fleet.get(vehicleId);
    return v.position ? { lat: v.position.lat, lon: v.position.lon } : fallback;
  }

  // First medical contact, else arrival on scene, else now (the crew is assessing).
  private async minutesSinceFirstContact(incidentId: string): Promise<number> {
    const stamps = (await this.timeline.list(incidentId)).filter((s) => !s.supersededBy);
    const fmc = stamps.find((s) => s.node === 'first_medical_contact') ?? stamps.find((s) => s.node === 'arrival_on_scene');
    return fmc ? (this.clock.now().getTime() - Date.parse(fmc.at)) / 60_000 : 0;
  }
}
