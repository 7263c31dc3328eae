import { ChangeVehicleStatusRequestSchema, EntityIdSchema, SetVehicleCrewRequestSchema, VehicleSchema } from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, assertOwnVehicle, RequestActor } from '../platform/http/actor';
import { discloseVehicleTo } from './crew-disclosure';
import { FleetService } from './fleet.service';

class VehicleDto extends createZodDto(VehicleSchema) {}
class ChangeVehicleStatusDto extends createZodDto(ChangeVehicleStatusRequestSchema) {}
class SetVehicleCrewDto extends createZodDto(SetVehicleCrewRequestSchema) {}
class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}

// Responses pass through discloseVehicleTo: the crew's phones are whole for the dispatch centre
// and the vehicle's own crew, masked for other crews and ER clinicians.
@ApiTags('fleet')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  /** The whole fleet with status, latest position and the shift's crew. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get()
  @ZodResponse({ type: [VehicleDto] })
  list(@RequestActor() actor: Actor) {
    return this.fleet.list().then((list) => list.map((v) => discloseVehicleTo(actor, v)));
  }

  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id')
  @ZodResponse({ type: VehicleDto })
  get(@Param() params: VehicleIdParams, @RequestActor() actor: Actor) {
    return this.fleet.get(params.id).then((v) => discloseVehicleTo(actor, v));
  }

  /** The crew reports status from the tablet (own vehicle only); dispatchers may set any. */
  @Roles('crew', 'dispatcher', 'admin')
  @Post(':id/status')
  @HttpCode(200)
  @ZodResponse({ type: VehicleDto })
  changeStatus(@Param() params: VehicleIdParams, @Body() body: ChangeVehicleStatusDto, @RequestActor() actor: Actor) {
    assertOwnVehicle(actor, params.id);
    return this.fleet.changeStatus(params.id, body.status, actor, body.reason).then((v) => discloseVehicleTo(actor, v));
  }

  /** The shift's crew (role on board, name, phone) replaces the previous one: the crew for its own vehicle, dispatchers for any. */
  @Roles('crew', 'dispatcher', 'admin')
  @Put(':id/crew')
  @ZodResponse({ type: VehicleDto })
  setCrew(@Param() params: VehicleIdParams, @Body() body: SetVehicleCrewDto, @RequestActor() actor: Actor) {
    assertOwnVehicle(actor, params.id);
    return this.fleet.setCrew(params.id, body.crew, actor).then((v) => discloseVehicleTo(actor, v));
  }
}
