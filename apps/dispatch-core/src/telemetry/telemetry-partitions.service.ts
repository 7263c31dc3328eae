import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Clock } from '../platform/time/clock';
import { planPartitions } from './telemetry-partitions';
import { TelemetryRepository } from './telemetry.repository';

const EVERY_MS = 3600_000;

/**
 * Creates the time partitions of the telemetry tables ahead of need: at start and hourly. A
 * missing partition never loses data (rows land in DEFAULT and are moved when it is created).
 */
@Injectable()
export class TelemetryPartitionsService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('telemetry');
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly repo: TelemetryRepository,
    private readonly clock: Clock,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.ensure();
    this.timer = setInterval(() => void this.ensure(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async ensure(): Promise<string[]> {
    const created: string[] = [];
    for (const spec of planPartitions(this.clock.now())) {
      try {
        if (await this.repo.ensurePartition(spec)) created.push(spec.name);
      } catch (err) {
        this.logger.error({ err, partition: spec.name }, 'could not create a telemetry partition (rows go to DEFAULT meanwhile)');
      }
    }
    if (created.length) this.logger.log({ created }, 'telemetry partitions created');
    return created;
  }
}
