import { DEMO_COUNTY } from '@feijiu/geo';
import { Injectable, Logger } from '@nestjs/common';
import { AuthService } from '../auth/auth.service';
import { FleetService } from '../fleet/fleet.service';
import { GatewaysService } from '../gateways/gateways.service';
import { HospitalsService } from '../hospitals/hospitals.service';
import { Clock } from '../platform/time/clock';
import { seedBenchFleet } from './bench-fleet';
import { demoCrewsFor } from './demo-crews';
import { DEMO_USERS, demoUsersFor } from './demo-users';
import { SeedRunRepository } from './seed-run.repository';

export const COUNTY_SEED = 'demo-county-v1';
// v2: one ER login per receiving hospital (`er-<hospitalId>`), which the simulator plays
const CREWS_SEED = 'demo-crews-v2';
// who is on board each demo ambulance (vehicle_crew_members); a crew set since is kept
const VEHICLE_CREWS_SEED = 'demo-vehicle-crews-v1';

/** Seeds the demo county once, and keeps the demo logins in step with FEIJIU_DEMO_PASSWORD. */
@Injectable()
export class DemoSeedService {
  private readonly logger = new Logger('demo');

  constructor(
    private readonly seeds: SeedRunRepository,
    private readonly hospitals: HospitalsService,
    private readonly fleet: FleetService,
    private readonly auth: AuthService,
    private readonly gateways: GatewaysService,
    private readonly clock: Clock,
  ) {}

  async seed(password: string, extraVehicles = 0): Promise<void> {
    await this.seedDemo(password);
    if (extraVehicles > 0) {
      const stations = DEMO_COUNTY.facilities.filter((f) => f.kind !== 'command_centre').map((f) => f.id);
      await seedBenchFleet(extraVehicles, password, {
        upsertVehicles: (rows) => this.fleet.upsertVehicles(rows),
        setGatewayPassword: (id, p) => this.gateways.seedPassword(id, p),
      }, stations);
      this.logger.log({ extraVehicles }, 'bench fleet seeded');
    }
  }

  private async seedDemo(password: string): Promise<void> {
    await this.seedCountyAndLogins(password);
    if (!(await this.seeds.has(VEHICLE_CREWS_SEED))) {
      const seeded = await this.fleet.seedCrews(demoCrewsFor(DEMO_COUNTY.vehicles));
      await this.seeds.mark(VEHICLE_CREWS_SEED, this.clock.now());
      this.logger.log({ vehicles: seeded }, 'demo shift crews seeded');
    }
  }

  private async seedCountyAndLogins(password: string): Promise<void> {
    if (!(await this.seeds.has(COUNTY_SEED))) {
      await this.seedCounty();
      await this.setCredentials(password);
      await this.seeds.mark(COUNTY_SEED, this.clock.now());
      await this.seeds.mark(CREWS_SEED, this.clock.now());
      this.logger.log({ facilities: DEMO_COUNTY.facilities.length, vehicles: DEMO_COUNTY.vehicles.length }, 'demo county seeded');
      return;
    }
    if (!(await this.seeds.has(CREWS_SEED))) {
      await this.setCredentials(password);
      await this.seeds.mark(CREWS_SEED, this.clock.now());
      return;
    }
    if (!(await this.auth.hasPassword(DEMO_USERS[0]!.username, password))) {
      this.logger.log('demo password changed: updating demo logins and gateway credentials');
      await this.setCredentials(password);
    }
  }

  private async seedCounty(): Promise<void> {
    await this.hospitals.upsertFacilities(
      DEMO_COUNTY.facilities.map((f) => ({
        id: f.id,
        name: f.name,
        nameEn: f.nameEn,
        kind: f.kind,
        address: f.address,
        lat: f.lat,
        lon: f.lon,
        capabilities: [...f.capabilities],
      })),
    );
    await this.fleet.upsertVehicles(
      DEMO_COUNTY.vehicles.map((v) => ({
        id: v.id,
        callSign: v.callSign,
        plate: v.plate,
        type: v.type,
        status: 'available' as const,
        stationId: v.stationId,
      })),
    );
  }

  private async setCredentials(password: string): Promise<void> {
    await Promise.all(demoUsersFor(DEMO_COUNTY.vehicles, DEMO_COUNTY.facilities).map((u) => this.auth.upsertUser({ ...u, password })));
    // every demo gateway logs in as its vehicle with the demo password (unless an admin rotated or revoked it)
    await Promise.all(DEMO_COUNTY.vehicles.map((v) => this.gateways.seedPassword(v.id, password)));
  }
}
