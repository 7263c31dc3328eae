import { Module } from '@nestjs/common';
import { FleetController } from './fleet.controller';
import { FleetService } from './fleet.service';
import { VehicleRepository } from './vehicle.repository';

@Module({
  controllers: [FleetController],
  providers: [FleetService, VehicleRepository],
  exports: [FleetService],
})
export class FleetModule {}
