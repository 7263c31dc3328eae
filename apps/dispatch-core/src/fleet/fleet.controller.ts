import { EntityIdSchema, VehicleSchema } from '@feijiu/contracts';
import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { FleetService } from './fleet.service';

class VehicleDto extends createZodDto(VehicleSchema) {}
class VehicleIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}

@ApiTags('fleet')
@ApiBearerAuth()
@Controller('api/v1/vehicles')
export class FleetController {
  constructor(private readonly fleet: FleetService) {}

  /** The whole fleet with status and latest position. */
  @Get()
  @ZodResponse({ type: [VehicleDto] })
  list() {
    return this.fleet.list();
  }

  @Get(':id')
  @ZodResponse({ type: VehicleDto })
  get(@Param() params: VehicleIdParams) {
    return this.fleet.get(params.id);
  }
}
