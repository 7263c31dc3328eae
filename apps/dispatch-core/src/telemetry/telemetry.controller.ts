import {
  EntityIdSchema,
  type SessionUser,
  TelemetryStatusSchema,
  VITALS_HISTORY_HEADERS,
  VITALS_TRUNCATED_HEADER,
  VitalRowSchema,
  VitalsQuerySchema,
  WaveformQuerySchema,
  WaveformSampledEventSchema,
} from '@feijiu/contracts';
import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
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

  /**
   * Stored vital signs, oldest first: the newest `limit` (default 10,000) of the window (default the
   * last hour). `X-Truncated` says whether older rows were left out, `Link rel="next"` reads them.
   */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/vitals')
  @ZodResponse({ status: 200, type: [VitalRowDto], description: 'the newest `limit` rows of the window, oldest first' })
  // below @ZodResponse so its entry (the body schema) merges into this one, keeping the headers
  @ApiResponse({ status: 200, headers: VITALS_HISTORY_HEADERS })
  async vitals(
    @Param() params: VehicleIdParams,
    @Query() query: VitalsQueryDto,
    @CurrentUser() user: SessionUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { rows, truncated, next } = await this.telemetry.vitalsHistory(user, params.id, query);
    res.setHeader(VITALS_TRUNCATED_HEADER, String(truncated));
    if (next) res.setHeader('Link', `</api/v1/vehicles/${encodeURIComponent(params.id)}/vitals?${new URLSearchParams(next)}>; rel="next"`);
    return rows;
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
