import { LoginRequestSchema, LoginResponseSchema, SessionUserSchema } from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Public, Roles } from '../platform/http/access.decorators';
import { AuthService } from './auth.service';
import { CurrentSession } from './current-session';
import type { VerifiedSession } from './token.service';

class LoginRequestDto extends createZodDto(LoginRequestSchema) {}
class LoginResponseDto extends createZodDto(LoginResponseSchema) {}
class SessionUserDto extends createZodDto(SessionUserSchema) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /**
   * Failed logins are limited per username + source address and per address: 429 AUTH_RATE_LIMITED
   * with Retry-After (documented with the other errors in platform/http/openapi-errors.ts).
   */
  @Public()
  @Post('login')
  @HttpCode(200)
  @ZodResponse({ type: LoginResponseDto, status: 200 })
  login(@Body() body: LoginRequestDto, @Ip() address: string) {
    return this.auth.login(body, address);
  }

  @ApiBearerAuth()
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Get('me')
  @ZodResponse({ type: SessionUserDto })
  me(@CurrentSession() session: VerifiedSession) {
    return this.auth.currentUser(session);
  }

  /** Revokes the token of this request (and closes its live socket); other sessions go on. */
  @ApiBearerAuth()
  @Roles('dispatcher', 'crew', 'er_clinician', 'admin')
  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'logged out' })
  logout(@CurrentSession() session: VerifiedSession) {
    return this.auth.logout(session);
  }
}
