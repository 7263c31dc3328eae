import {
  AssignmentSchema,
  CreateAssignmentRequestSchema,
  DeclineAssignmentRequestSchema,
  RecommendationListSchema,
} from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { DispatchService } from './dispatch.service';

class RecommendationListDto extends createZodDto(RecommendationListSchema) {}
class CreateAssignmentDto extends createZodDto(CreateAssignmentRequestSchema) {}
class DeclineAssignmentDto extends createZodDto(DeclineAssignmentRequestSchema) {}
class AssignmentDto extends createZodDto(AssignmentSchema) {}
class IdParams extends createZodDto(z.object({ id: z.uuid() })) {}

@ApiTags('dispatch')
@ApiBearerAuth()
@Controller('api/v1')
export class DispatchController {
  constructor(private readonly dispatch: DispatchService) {}

  /** Free ambulances ranked by ETA, with the rings of the call's area (default 5/10/20 km) and the reasons for each. */
  @Roles('dispatcher', 'admin')
  @Get('incidents/:id/recommendations')
  @ZodResponse({ type: RecommendationListDto })
  recommend(@Param() params: IdParams) {
    return this.dispatch.recommend(params.id);
  }

  /** Offers the incident to an ambulance; 409 VEHICLE_NOT_AVAILABLE when another dispatcher took it first. */
  @Roles('dispatcher', 'admin')
  @Post('incidents/:id/assignments')
  @ZodResponse({ type: AssignmentDto, status: 201 })
  assign(@Param() params: IdParams, @Body() body: CreateAssignmentDto, @RequestActor() actor: Actor) {
    return this.dispatch.assign(params.id, body.vehicleId, actor);
  }

  /** Idempotent: an assignment already accepted (its crew drove off first) is answered as it is. */
  @Roles('crew', 'dispatcher', 'admin')
  @Post('assignments/:id/accept')
  @HttpCode(200)
  @ZodResponse({ type: AssignmentDto })
  accept(@Param() params: IdParams, @RequestActor() actor: Actor) {
    return this.dispatch.accept(params.id, actor);
  }

  @Roles('crew', 'dispatcher', 'admin')
  @Post('assignments/:id/decline')
  @HttpCode(200)
  @ZodResponse({ type: AssignmentDto })
  decline(@Param() params: IdParams, @Body() body: DeclineAssignmentDto, @RequestActor() actor: Actor) {
    return this.dispatch.decline(params.id, body.reason, actor);
  }
}
