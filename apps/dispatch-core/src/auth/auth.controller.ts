import { LoginRequestSchema, LoginResponseSchema, type SessionUser, SessionUserSchema } from '@feijiu/contracts';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { CurrentUser, Public } from '../platform/http/access.decorators';
import { AuthService } from './auth.service';

class LoginRequestDto extends createZodDto(LoginRequestSchema) {}
class LoginResponseDto extends createZodDto(LoginResponseSchema) {}
class SessionUserDto extends createZodDto(SessionUserSchema) {}

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ZodResponse({ type: LoginResponseDto, status: 200 })
  login(@Body() body: LoginRequestDto) {
    return this.auth.login(body);
  }

  @ApiBearerAuth()
  @Get('me')
  @ZodResponse({ type: SessionUserDto })
  me(@CurrentUser() user: SessionUser) {
    return this.auth.currentUser(user);
  }
}
