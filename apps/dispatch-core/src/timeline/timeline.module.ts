import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { TimelineRepository } from './timeline.repository';
import { TimelineService } from './timeline.service';

@Module({ imports: [AuditModule], providers: [TimelineService, TimelineRepository], exports: [TimelineService] })
export class TimelineModule {}
