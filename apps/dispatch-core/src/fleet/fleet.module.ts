import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { VehicleCrewRepository } from './vehicle-crew.repository';
import { VehicleRepository } from './vehicle.repository';

@Module({
  imports: [AuditModule],
  controllers: [FleetController],
  providers: [FleetService, VehicleRepository, VehicleCrewRepository],
  exports: [FleetService],
})
export class FleetModule {}
