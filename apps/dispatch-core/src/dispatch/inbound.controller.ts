import { InboundPatientSchema } from '@feijiu/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { AppError } from '../platform/errors/app-error';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { discloseIncidentTo } from '../incidents/incident-disclosure';
import { InboundService } from './inbound.service';

class InboundPatientDto extends createZodDto(InboundPatientSchema) {}
class InboundQuery extends createZodDto(z.object({ hospitalId: z.string().optional() })) {}

@ApiTags('er')
@ApiBearerAuth()
@Controller('api/v1/er')
export class InboundController {
  constructor(private readonly inbound: InboundService) {}

  /** Ambulances bound for the clinician's hospital (dispatchers pass `hospitalId`), with ETA. */
  @Roles('er_clinician', 'dispatcher', 'admin')
  @Get('inbound')
  @ZodResponse({ type: [InboundPatientDto] })
  list(@Query() query: InboundQuery, @RequestActor() actor: Actor) {
    const hospitalId = actor.kind === 'user' && actor.role === 'er_clinician' ? actor.hospitalId : query.hospitalId;
    if (!hospitalId) throw new AppError('VALIDATION_FAILED', 'hospitalId is required');
    return this.inbound.list(hospitalId, actor).then((rows) => rows.map((r) => ({ ...r, incident: discloseIncidentTo(actor, r.incident) })));
  }
}
