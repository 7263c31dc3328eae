import {
  ChangeIncidentStatusRequestSchema,
  CreateIncidentRequestSchema,
  CreateTimelineStampRequestSchema,
  IncidentSchema,
  SetDestinationRequestSchema,
  TimelineStampSchema,
} from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { discloseIncidentTo } from './incident-disclosure';
import { IncidentsService } from './incidents.service';

class CreateIncidentDto extends createZodDto(CreateIncidentRequestSchema) {}
class ChangeIncidentStatusDto extends createZodDto(ChangeIncidentStatusRequestSchema) {}
class SetDestinationDto extends createZodDto(SetDestinationRequestSchema) {}
class CreateStampDto extends createZodDto(CreateTimelineStampRequestSchema) {}
class IncidentDto extends createZodDto(IncidentSchema) {}
class StampDto extends createZodDto(TimelineStampSchema) {}
class IncidentIdParams extends createZodDto(z.object({ id: z.uuid() })) {}
class ListQuery extends createZodDto(z.object({ scope: z.enum(['open', 'all']).default('open') })) {}

// Responses pass through discloseIncidentTo: crews and ER clinicians get the caller's and the
// patient's identifiers masked (incident-disclosure.ts).
@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Roles('dispatcher', 'admin')
  @Post()
  @ZodResponse({ type: IncidentDto, status: 201 })
  create(@Body() body: CreateIncidentDto, @RequestActor() actor: Actor) {
    return this.incidents.create(body, actor).then((i) => discloseIncidentTo(actor, i));
  }

  /** Dispatch centre: every incident; crew: those its vehicle was sent to; ER: those bound for its hospital. */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get()
  @ZodResponse({ type: [IncidentDto] })
  list(@Query() query: ListQuery, @RequestActor() actor: Actor) {
    return this.incidents.list(actor, query.scope).then((list) => list.map((i) => discloseIncidentTo(actor, i)));
  }

  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id')
  @ZodResponse({ type: IncidentDto })
  get(@Param() params: IncidentIdParams, @RequestActor() actor: Actor) {
    return this.incidents.getVisible(params.id, actor).then((i) => discloseIncidentTo(actor, i));
  }

  @Roles('dispatcher', 'admin', 'crew')
  @Post(':id/status')
  @HttpCode(200)
  @ZodResponse({ type: IncidentDto })
  changeStatus(@Param() params: IncidentIdParams, @Body() body: ChangeIncidentStatusDto, @RequestActor() actor: Actor) {
    return this.incidents.changeStatus(params.id, body.status, actor, body.reason).then((i) => discloseIncidentTo(actor, i));
  }

  @Roles('dispatcher', 'admin', 'crew')
  @Post(':id/destination')
  @HttpCode(200)
  @ZodResponse({ type: IncidentDto })
  setDestination(@Param() params: IncidentIdParams, @Body() body: SetDestinationDto, @RequestActor() actor: Actor) {
    return this.incidents.setDestination(params.id, body.hospitalId, actor).then((i) => discloseIncidentTo(actor, i));
  }

  /** Every time node of the incident, corrections included (superseded stamps stay). */
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get(':id/timeline')
  @ZodResponse({ type: [StampDto] })
  timeline(@Param() params: IncidentIdParams, @RequestActor() actor: Actor) {
    return this.incidents.listTimeline(params.id, actor);
  }

  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Post(':id/timeline')
  @ZodResponse({ type: StampDto, status: 201 })
  stamp(@Param() params: IncidentIdParams, @Body() body: CreateStampDto, @RequestActor() actor: Actor) {
    return this.incidents.stampTimeline(params.id, { ...body, at: new Date(body.at) }, actor);
  }
}
