import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { DispatchFanoutListener } from './dispatch-fanout.listener';
import { FleetFanoutListener } from './fleet-fanout.listener';
import { LiveEmitter } from './live-emitter';
import { LiveGateway } from './live.gateway';
import { PathwaysFanoutListener } from './pathways-fanout.listener';
import { SessionRevocationListener } from './session-revocation.listener';
import { TelemetryFanoutListener } from './telemetry-fanout.listener';

// One *-fanout listener per feature whose domain events reach the consoles.
@Module({ imports: [AuthModule], providers: [LiveGateway, LiveEmitter, FleetFanoutListener, DispatchFanoutListener, PathwaysFanoutListener, TelemetryFanoutListener, SessionRevocationListener] })
export class RealtimeModule {}
