import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { type ExpiredPartition, findExpiredPartitions, type RetentionSettings } from './telemetry-retention';
import { type ArchivedPartition, TelemetryRepository } from './telemetry.repository';

const EVERY_MS = 3600_000;
const ACTOR = SYSTEM('telemetry-retention');

export interface ArchiveOutcome extends ExpiredPartition, ArchivedPartition {}

/**
 * Retention of vitals and waveforms (FEIJIU_VITALS_RETENTION_DAYS, FEIJIU_WAVEFORM_RETENTION_DAYS;
 * unset = for ever): at start and hourly, every time partition past its retention is detached
 * and moved whole into the telemetry_archive schema, with an audit entry in the same
 * transaction and a log line. The core never drops clinical data; the operator dumps the archive
 * and drops it (deploy/README.md, "Retention").
 */
@Injectable()
export class TelemetryRetentionService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('telemetry');
  private readonly settings: RetentionSettings;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<ArchiveOutcome[]> | null = null;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly repo: TelemetryRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.settings = { vitalsDays: config.telemetry.vitalsRetentionDays, waveformDays: config.telemetry.waveformRetentionDays };
  }

  onModuleInit(): void {
    if (this.settings.vitalsDays === null && this.settings.waveformDays === null) return;
    // not awaited: start-up does not wait for a large detach
    void this.run();
    this.timer = setInterval(() => void this.run(), EVERY_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One pass; public so tests and operators' tooling can drive it. Never throws. */
  run(): Promise<ArchiveOutcome[]> {
    this.running ??= this.archiveExpired().finally(() => (this.running = null));
    return this.running;
  }

  private async archiveExpired(): Promise<ArchiveOutcome[]> {
    const done: ArchiveOutcome[] = [];
    let expired: ExpiredPartition[];
    try {
      expired = findExpiredPartitions(this.clock.now(), await this.repo.listPartitions(), this.settings);
    } catch (err) {
      this.logger.error({ err }, 'telemetry retention: could not list partitions; nothing archived');
      return done;
    }
    for (const p of expired) {
      try {
        const archived = await this.repo.archivePartition(p.parent, p.name, (a, manager) =>
          this.audit.record(
            ACTOR,
            {
              entity: 'telemetry_partition',
              entityId: p.name,
              action: 'archive',
              before: { table: p.parent, partition: p.name, measuredBefore: p.to.toISOString(), retentionDays: p.retentionDays },
              after: { archivedAs: a.archivedAs, rowsEstimate: a.rowsEstimate, bytes: a.bytes, dropped: false },
            },
            manager,
          ),
        );
        if (!archived) continue; // another core instance archived it meanwhile
        done.push({ ...p, ...archived });
        this.logger.log(
          { partition: p.name, table: p.parent, archivedAs: archived.archivedAs, measuredBefore: p.to.toISOString(), retentionDays: p.retentionDays, bytes: archived.bytes, rowsEstimate: archived.rowsEstimate },
          'telemetry partition past its retention moved to the archive schema (detached, not dropped): dump it, then drop it',
        );
      } catch (err) {
        this.logger.error({ err, partition: p.name }, 'telemetry retention: could not archive a partition; it stays in place, retried next hour');
      }
    }
    if (done.length) {
      const backlog = await this.repo.archiveBacklog().catch(() => null);
      if (backlog) this.logger.warn({ ...backlog, schema: 'telemetry_archive' }, 'archived telemetry waiting for the operator to dump and drop');
    }
    return done;
  }
}
