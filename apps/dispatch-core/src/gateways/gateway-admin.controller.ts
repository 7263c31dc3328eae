import { EntityIdSchema, GatewayCredentialIssuedSchema, GatewayCredentialRevokedSchema, GatewaySchema } from '@feijiu/contracts';
import { Controller, Delete, Get, Header, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { GatewayAdminService } from './gateway-admin.service';

class GatewayDto extends createZodDto(GatewaySchema) {}
class GatewayCredentialIssuedDto extends createZodDto(GatewayCredentialIssuedSchema) {}
class GatewayCredentialRevokedDto extends createZodDto(GatewayCredentialRevokedSchema) {}
class VehicleIdParams extends createZodDto(z.object({ vehicleId: EntityIdSchema })) {}

@ApiTags('admin: gateways')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/gateways')
export class GatewayAdminController {
  constructor(private readonly admin: GatewayAdminService) {}

  /** Every vehicle's gateway login: status, when rotated, when last seen (never the hash). */
  @Get()
  @ZodResponse({ type: [GatewayDto] })
  list() {
    return this.admin.list();
  }

  /** Rotates: a new generated password, returned only here; the old one stops working and live sessions end. */
  @Post(':vehicleId/credentials')
  @Header('Cache-Control', 'no-store')
  @ZodResponse({ status: 201, type: GatewayCredentialIssuedDto })
  rotate(@Param() params: VehicleIdParams, @RequestActor() actor: Actor) {
    return this.admin.rotate(params.vehicleId, actor);
  }

  /** Revokes: the gateway is refused until its credential is rotated again; live sessions end. */
  @Delete(':vehicleId/credentials')
  @HttpCode(200)
  @ZodResponse({ type: GatewayCredentialRevokedDto })
  revoke(@Param() params: VehicleIdParams, @RequestActor() actor: Actor) {
    return this.admin.revoke(params.vehicleId, actor);
  }
}
