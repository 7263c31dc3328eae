import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { FleetModule } from '../fleet/fleet.module';
import { EmbeddedBrokerService } from './embedded-broker.service';
import { GatewayAdminController } from './gateway-admin.controller';
import { GatewayAdminService } from './gateway-admin.service';
import { GatewayCredentialRepository } from './gateway-credential.repository';
import { GatewaysService } from './gateways.service';

@Module({
  imports: [FleetModule, AuditModule],
  controllers: [GatewayAdminController],
  providers: [GatewaysService, GatewayCredentialRepository, EmbeddedBrokerService, GatewayAdminService],
  exports: [GatewaysService, EmbeddedBrokerService, GatewayAdminService],
})
export class GatewaysModule {}
