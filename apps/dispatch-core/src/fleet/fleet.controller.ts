import { ChangeVehicleStatusRequestSchema, EntityIdSchema, VehicleSchema } from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, assertOwnVehicle, RequestActor } from '../platform/http/actor';
import { FleetService } from './fleet.service';

class VehicleDto extends createZodDto(VehicleSchema) {}
class ChangeVehicleStatusDto extends createZodDto(ChangeVehicleStatusRequestSchema) {}
class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  /** The whole fleet with status and latest position. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get()
  @ZodResponse({ type: [VehicleDto] })
  list() {
    return this.fleet.list();
  }

  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id')
  @ZodResponse({ type: VehicleDto })
  get(@Param() params: VehicleIdParams) {
    return this.fleet.get(params.id);
  }

  /** The crew reports status from the tablet (own vehicle only); dispatchers may set any. */
  @Roles('crew', 'dispatcher', 'admin')
  @Post(':id/status')
  @HttpCode(200)
  @ZodResponse({ type: VehicleDto })
  changeStatus(@Param() params: VehicleIdParams, @Body() body: ChangeVehicleStatusDto, @RequestActor() actor: Actor) {
    assertOwnVehicle(actor, params.id);
    return this.fleet.changeStatus(params.id, body.status, actor, body.reason);
  }
}
