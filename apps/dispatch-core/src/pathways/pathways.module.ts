import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { FleetModule } from '../fleet/fleet.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { TimelineModule } from '../timeline/timeline.module';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentsService } from './assessments.service';
import { DestinationsService } from './destinations.service';
import { EcgStampsListener } from './ecg-stamps.listener';
import { EncounterRepository } from './encounter.repository';
import { LiveScoresService } from './live-scores.service';
import { PathwaysController } from './pathways.controller';
import { PrenoticeRepository } from './prenotice.repository';
import { PrenoticesService } from './prenotices.service';
import { QualityService } from './quality.service';
import { ScoresController } from './scores.controller';

@Module({
  imports: [AuditModule, DispatchModule, FleetModule, HospitalsModule, IncidentsModule, TimelineModule],
  controllers: [ScoresController, PathwaysController],
  providers: [AssessmentsService, AssessmentRepository, DestinationsService, PrenoticesService, PrenoticeRepository, EncounterRepository, QualityService, LiveScoresService, EcgStampsListener],
})
export class PathwaysModule {}
