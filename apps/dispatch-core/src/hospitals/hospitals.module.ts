import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FacilityRepository } from './facility.repository';
import { HospitalStatusRepository } from './hospital-status.repository';
import { HospitalsController } from './hospitals.controller';
import { HospitalsService } from './hospitals.service';

@Module({
  imports: [AuditModule],
  controllers: [HospitalsController],
  providers: [HospitalsService, FacilityRepository, HospitalStatusRepository],
  exports: [HospitalsService],
})
export class HospitalsModule {}
