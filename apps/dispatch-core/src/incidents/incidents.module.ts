import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { TimelineModule } from '../timeline/timeline.module';
import { AssignmentsService } from './assignments.service';
import { IncidentRepository } from './incident.repository';
import { IncidentsController } from './incidents.controller';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [AuditModule, TimelineModule, HospitalsModule],
  controllers: [IncidentsController],
  providers: [IncidentsService, AssignmentsService, IncidentRepository],
  exports: [IncidentsService, AssignmentsService],
})
export class IncidentsModule {}
