import { CreateUserRequestSchema, ManagedUserSchema, UpdateUserRequestSchema } from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import { Roles } from '../platform/http/access.decorators';
import { type Actor, RequestActor } from '../platform/http/actor';
import { UserAdminService } from './user-admin.service';

class ManagedUserDto extends createZodDto(ManagedUserSchema) {}
class CreateUserDto extends createZodDto(CreateUserRequestSchema) {}
class UpdateUserDto extends createZodDto(UpdateUserRequestSchema) {}
class UserIdParams extends createZodDto(z.object({ id: z.uuid() })) {}

/** Logins and what they are bound to; admins only, every change in the audit log. */
@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('api/v1/admin/users')
export class AdminUsersController {
  constructor(private readonly users: UserAdminService) {}

  @Get()
  @ZodResponse({ type: [ManagedUserDto] })
  list() {
    return this.users.list();
  }

  /** A new login with its role and binding (crew → vehicleId, ER clinician → hospitalId); the password is stored as argon2id. */
  @Post()
  @ZodResponse({ type: ManagedUserDto, status: 201 })
  create(@Body() body: CreateUserDto, @RequestActor() actor: Actor) {
    return this.users.create(body, actor);
  }

  /** Disable/enable, new role, binding, display name or password; all but a name change or enabling revoke the user's sessions. */
  @Patch(':id')
  @ZodResponse({ type: ManagedUserDto })
  update(@Param() params: UserIdParams, @Body() body: UpdateUserDto, @RequestActor() actor: Actor) {
    return this.users.update(params.id, body, actor);
  }

  /** Every token of the user stops working at once and their live sockets close. */
  @Post(':id/revoke-sessions')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked' })
  revokeSessions(@Param() params: UserIdParams, @RequestActor() actor: Actor) {
    return this.users.revokeSessions(params.id, actor);
  }
}
