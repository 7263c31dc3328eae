import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { Dispatch1763850000000 } from './1763850000000-dispatch';
import { Telemetry1763900000000 } from './1763900000000-telemetry';
import { GreenChannels1763950000000 } from './1763950000000-green-channels';
import { Access1764000000000 } from './1764000000000-access';
import { DevicesAudit1764000100000 } from './1764000100000-devices-audit';
import { Retention1764000300000 } from './1764000300000-retention';
import { CallPatient1764000310000 } from './1764000310000-call-patient';
import { VehicleCrew1764000320000 } from './1764000320000-vehicle-crew';
import { VitalsChannel1764000350000 } from './1764000350000-vitals-channel';
import { MonitorAlarms1764000400000 } from './1764000400000-monitor-alarms';
import { SeedRunDetails1764000500000 } from './1764000500000-seed-run-details';
import { TelemetryBindings1764000600000 } from './1764000600000-telemetry-bindings';
import { OfferStandstill1764000710000 } from './1764000710000-offer-standstill';

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [InitialSchema1763800000000, Dispatch1763850000000, Telemetry1763900000000, GreenChannels1763950000000, Access1764000000000, DevicesAudit1764000100000, Retention1764000300000, CallPatient1764000310000, VehicleCrew1764000320000, VitalsChannel1764000350000, MonitorAlarms1764000400000, SeedRunDetails1764000500000, TelemetryBindings1764000600000, OfferStandstill1764000710000];
