import { AlarmsQuerySchema, EntityIdSchema, MonitorAlarmEventSchema, type SessionUser } from '@feijiu/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentUser, Roles } from '../platform/http/access.decorators';
import { MonitorAlarmsService } from './monitor-alarms.service';

class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}
class AlarmsQueryDto extends createZodDto(AlarmsQuerySchema) {}
class MonitorAlarmDto extends createZodDto(MonitorAlarmEventSchema) {}

// Who may read as for the vitals: dispatcher/admin any vehicle, crew its own, ER a vehicle bound for its hospital.
@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class MonitorAlarmsController {
  constructor(private readonly alarms: MonitorAlarmsService) {}

  /** Stored patient-monitor alarms as `monitor.alarm` payloads, oldest first (default: the last six hours, 2,000). */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/alarms')
  @ZodResponse({ type: [MonitorAlarmDto] })
  list(@Param() params: VehicleIdParams, @Query() query: AlarmsQueryDto, @CurrentUser() user: SessionUser) {
    return this.alarms.history(user, params.id, query);
  }
}
