import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { VehicleRepository } from './vehicle.repository';

@Module({
  imports: [AuditModule],
  controllers: [FleetController],
  providers: [FleetService, VehicleRepository],
  exports: [FleetService],
})
export class FleetModule {}
