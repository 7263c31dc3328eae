import { InitialSchema1763800000000 } from './1763800000000-initial-schema';
import { Dispatch1763850000000 } from './1763850000000-dispatch';
import { Telemetry1763900000000 } from './1763900000000-telemetry';
import { GreenChannels1763950000000 } from './1763950000000-green-channels';

/** Every migration, oldest first. The schema changes only through these (never `synchronize`). */
export const MIGRATIONS = [InitialSchema1763800000000, Dispatch1763850000000, Telemetry1763900000000, GreenChannels1763950000000];
