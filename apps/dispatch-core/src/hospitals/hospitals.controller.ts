import { EntityIdSchema, FacilitySchema, HospitalLiveStatusSchema, UpdateHospitalStatusRequestSchema } from '@feijiu/contracts';
import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { HospitalsService } from './hospitals.service';

class FacilityDto extends createZodDto(FacilitySchema) {}
class LiveStatusDto extends createZodDto(HospitalLiveStatusSchema) {}
class UpdateStatusDto extends createZodDto(UpdateHospitalStatusRequestSchema) {}
class HospitalIdParams extends createZodDto(z.object({ id: EntityIdSchema })) {}

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('api/v1/hospitals')
export class HospitalsController {
  constructor(private readonly hospitals: HospitalsService) {}

  /** Every facility of the county: command centre, hospitals, township health centres. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get()
  @ZodResponse({ type: [FacilityDto] })
  list() {
    return this.hospitals.list();
  }

  /** The ER sets what its hospital can take right now; destinations and pre-notices follow it. */
  @Roles('er_clinician', 'admin')
  @Put(':id/status')
  @ZodResponse({ type: LiveStatusDto })
  setStatus(@Param() params: HospitalIdParams, @Body() body: UpdateStatusDto, @RequestActor() actor: Actor) {
    return this.hospitals.setLiveStatus(params.id, body, actor);
  }
}
