import { Controller, Get, HttpCode, HttpStatus, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../http/access.decorators';
import { MqttIngressService } from '../mqtt/mqtt-ingress.service';

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    private readonly mqtt: MqttIngressService,
  ) {}

  /** Liveness: the process answers. */
  @Public()
  @Get()
  @HttpCode(HttpStatus.OK)
  live() {
    return { status: 'ok' };
  }

  /** Readiness: the database answers a query and the core is connected to the broker. */
  @Public()
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const database = await this.db
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const broker = this.mqtt.isConnected ? ('up' as const) : ('down' as const);
    const ok = database === 'up' && broker === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', checks: { database, broker } };
  }
}
