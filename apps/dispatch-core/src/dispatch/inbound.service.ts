import type { InboundPatient } from '@feijiu/contracts';
import { Inject, Injectable } from '@nestjs/common';
import { FleetService } from '../fleet/fleet.service';
import { HospitalsService } from '../hospitals/hospitals.service';
import { IncidentsService } from '../incidents/incidents.service';
import type { Actor } from '../platform/http/actor';
import { ROUTING_PROVIDER, type RoutingProvider } from './routing/routing-provider';

/** The ER's view of patients on their way: incident, ambulance and ETA to the door. */
@Injectable()
export class InboundService {
  constructor(
    private readonly incidents: IncidentsService,
    private readonly fleet: FleetService,
    private readonly hospitals: HospitalsService,
    @Inject(ROUTING_PROVIDER) private readonly routing: RoutingProvider,
  ) {}

  async list(hospitalId: string, actor: Actor): Promise<InboundPatient[]> {
    const hospital = await this.hospitals.get(hospitalId);
    const incidents = (await this.incidents.list(actor, 'open')).filter((i) => i.destinationHospitalId === hospitalId);
    const rows: InboundPatient[] = [];
    for (const incident of incidents) {
      for (const a of incident.assignments.filter((x) => x.status === 'accepted')) {
        const vehicle = await this.fleet.get(a.vehicleId);
        const [est] = vehicle.position ? await this.routing.estimateTo(hospital, [vehicle.position]) : [null];
        rows.push({
          incident,
          vehicleId: vehicle.id,
          callSign: vehicle.callSign,
          vehicleStatus: vehicle.status,
          distanceM: est?.distanceM ?? null,
          etaSec: est?.etaSec ?? null,
        });
      }
    }
    return rows;
  }
}
