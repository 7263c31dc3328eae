import { Module } from '@nestjs/common';
import { FacilityRepository } from './facility.repository';
import { HospitalsController } from './hospitals.controller';
import { HospitalsService } from './hospitals.service';

@Module({
  controllers: [HospitalsController],
  providers: [HospitalsService, FacilityRepository],
  exports: [HospitalsService],
})
export class HospitalsModule {}
