import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FleetModule } from '../fleet/fleet.module';
import { GatewaysModule } from '../gateways/gateways.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { DemoSeedService } from './demo-seed.service';
import { DemoSwitchService } from './demo-switch.service';
import { SeedRunRepository } from './seed-run.repository';

@Module({
  imports: [AuthModule, FleetModule, GatewaysModule, HospitalsModule],
  providers: [DemoSeedService, DemoSwitchService, SeedRunRepository],
  exports: [DemoSeedService, DemoSwitchService],
})
export class DemoModule {}
