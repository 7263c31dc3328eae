import { Module } from '@nestjs/common';
import { EmbeddedBrokerService } from './embedded-broker.service';
import { GatewayCredentialRepository } from './gateway-credential.repository';
import { GatewaysService } from './gateways.service';

@Module({
  providers: [GatewaysService, GatewayCredentialRepository, EmbeddedBrokerService],
  exports: [GatewaysService, EmbeddedBrokerService],
})
export class GatewaysModule {}
