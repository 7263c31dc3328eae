import { Global, Module } from '@nestjs/common';
import { MqttIngressService } from './mqtt-ingress.service';

@Global()
@Module({ providers: [MqttIngressService], exports: [MqttIngressService] })
export class MqttModule {}
