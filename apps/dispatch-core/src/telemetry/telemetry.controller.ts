import {
  EntityIdSchema,
  type SessionUser,
  TelemetryStatusSchema,
  VitalRowSchema,
  VitalsQuerySchema,
  WaveformQuerySchema,
  WaveformSampledEventSchema,
} from '@feijiu/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { CurrentUser, Roles } from '../platform/http/access.decorators';
import { TelemetryService } from './telemetry.service';

class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}
class VitalsQueryDto extends createZodDto(VitalsQuerySchema) {}
class WaveformQueryDto extends createZodDto(WaveformQuerySchema) {}
class VitalRowDto extends createZodDto(VitalRowSchema) {}
class WaveformChunkDto extends createZodDto(WaveformSampledEventSchema) {}
class TelemetryStatusDto extends createZodDto(TelemetryStatusSchema) {}

// Dispatcher/admin: any vehicle; crew: its own; ER clinician: a vehicle bound for its hospital.
@ApiTags('telemetry')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class TelemetryController {
  constructor(private readonly telemetry: TelemetryService) {}

  /** Stored vital signs, ordered by measured time (default: the last hour, 10,000 rows). */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/vitals')
  @ZodResponse({ type: [VitalRowDto] })
  vitals(@Param() params: VehicleIdParams, @Query() query: VitalsQueryDto, @CurrentUser() user: SessionUser) {
    return this.telemetry.vitalsHistory(user, params.id, query);
  }

  /** Stored waveform chunks as `waveform.sampled` payloads (default: the last minute, at most 15). */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/waveform')
  @ZodResponse({ type: [WaveformChunkDto] })
  waveform(@Param() params: VehicleIdParams, @Query() query: WaveformQueryDto, @CurrentUser() user: SessionUser) {
    return this.telemetry.waveformHistory(user, params.id, query);
  }

  /** The gateway's last state and whether the vehicle's stream is live or stale. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/telemetry-status')
  @ZodResponse({ type: TelemetryStatusDto })
  status(@Param() params: VehicleIdParams, @CurrentUser() user: SessionUser) {
    return this.telemetry.status(user, params.id);
  }
}
