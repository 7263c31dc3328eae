import { FacilitySchema } from '@feijiu/contracts';
import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { HospitalsService } from './hospitals.service';

class FacilityDto extends createZodDto(FacilitySchema) {}

@ApiTags('facilities')
@ApiBearerAuth()
@Controller('api/v1/hospitals')
export class HospitalsController {
  constructor(private readonly hospitals: HospitalsService) {}

  /** Every facility of the county: command centre, hospitals, township health centres. */
  @Get()
  @ZodResponse({ type: [FacilityDto] })
  list() {
    return this.hospitals.list();
  }
}
