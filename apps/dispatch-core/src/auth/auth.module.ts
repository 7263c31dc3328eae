import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { AuditModule } from '../audit/audit.module';
import { FleetModule } from '../fleet/fleet.module';
import { HospitalsModule } from '../hospitals/hospitals.module';
import { RUNTIME_SETTINGS, type RuntimeSettings } from '../platform/config/config.module';
import { AdminUsersController } from './admin-users.controller';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginFailureRepository } from './login-failure.repository';
import { LoginLimiter } from './login-limiter.service';
import { SessionRepository } from './session.repository';
import { TokenService } from './token.service';
import { AdminBootstrapService } from './admin-bootstrap.service';
import { UserAdminService } from './user-admin.service';
import { UserRepository } from './user.repository';

@Module({
  imports: [
    AuditModule,
    FleetModule,
    HospitalsModule,
    JwtModule.registerAsync({
      inject: [RUNTIME_SETTINGS],
      useFactory: (runtime: RuntimeSettings) => ({ secret: runtime.jwtSecret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  controllers: [AuthController, AdminUsersController],
  providers: [
    AuthService,
    TokenService,
    UserRepository,
    SessionRepository,
    LoginFailureRepository,
    LoginLimiter,
    UserAdminService,
    AdminBootstrapService,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [AuthService, TokenService, UserAdminService, AdminBootstrapService],
})
export class AuthModule {}
