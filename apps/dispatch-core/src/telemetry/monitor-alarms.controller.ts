import { AlarmsQuerySchema, EntityIdSchema, MonitorAlarmEventSchema, type SessionUser, VITALS_TRUNCATED_HEADER } from '@feijiu/contracts';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentUser, Roles } from '../platform/http/access.decorators';
import { MonitorAlarmsService } from './monitor-alarms.service';

class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}
class AlarmsQueryDto extends createZodDto(AlarmsQuerySchema) {}
class MonitorAlarmDto extends createZodDto(MonitorAlarmEventSchema) {}

// The same headers as the vitals history's.
const ALARM_HISTORY_HEADERS = {
  [VITALS_TRUNCATED_HEADER]: {
    description: '`true` when older alarms of the window were left out (the newest `limit` are returned, oldest first)',
    schema: { type: 'string', enum: ['true', 'false'] },
  },
  Link: {
    description: 'when truncated: `<…/alarms?…&until=…>; rel="next"`, the alarms before these (each on exactly one page)',
    schema: { type: 'string' },
  },
};

// Who may read as for the vitals: dispatcher/admin any vehicle, crew its own, ER a vehicle bound for
// its hospital, and of it only the alarms of its hospital's patients.
@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class MonitorAlarmsController {
  constructor(private readonly alarms: MonitorAlarmsService) {}

  /**
   * Stored patient-monitor alarms as `monitor.alarm` payloads, oldest first: the newest `limit`
   * (default 2,000) of the window (default the last six hours). `X-Truncated` says whether older
   * alarms were left out, `Link rel="next"` reads them.
   */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/alarms')
  @ZodResponse({ status: 200, type: [MonitorAlarmDto], description: 'the newest `limit` alarms of the window, oldest first' })
  // below @ZodResponse so its entry (the body schema) merges into this one, keeping the headers
  @ApiResponse({ status: 200, headers: ALARM_HISTORY_HEADERS })
  async list(
    @Param() params: VehicleIdParams,
    @Query() query: AlarmsQueryDto,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { rows, truncated, next } = await this.alarms.history(user, params.id, query);
    res.setHeader(VITALS_TRUNCATED_HEADER, String(truncated));
    if (next) res.setHeader('Link', `</api/v1/vehicles/${encodeURIComponent(params.id)}/alarms?${new URLSearchParams(next)}>; rel="next"`);
    return rows;
  }
}
