import { DEMO_COUNTY } from '@feijiu/geo';
import { Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { UserAdminService } from '../auth/user-admin.service';
import { GatewayAdminService } from '../gateways/gateway-admin.service';
import { SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { COUNTY_SEED } from './demo-seed.service';
import { demoUsersFor } from './demo-users';
import { SeedRunRepository } from './seed-run.repository';

// Set while the demo logins are switched off, with what switching off changed: switching the
// demo on again re-enables exactly those, once (a demo login an admin disabled stays disabled),
// and later starts with the demo off leave the logins alone (one an admin re-enabled stays so).
const SWITCHED_OFF = 'demo-logins-switched-off';
const ACTOR = SYSTEM('demo');

const SwitchedOffSchema = z.object({ users: z.array(z.string()), gateways: z.array(z.string()) });
type SwitchedOff = z.infer<typeof SwitchedOffSchema>;

/**
 * The demo logins follow FEIJIU_DEMO on a database the demo was seeded into: with the demo off,
 * the demo users (the printed password, `admin` among them) are disabled and the demo gateways'
 * credentials revoked; with it on again, those very logins come back. Users and credentials an
 * admin made or changed are never touched (the users by name and by the record of what switching
 * off disabled, the credentials by `issued_by = seed`).
 */
@Injectable()
export class DemoSwitchService {
  private readonly logger = new Logger('demo');

  constructor(
    private readonly seeds: SeedRunRepository,
    private readonly users: UserAdminService,
    private readonly gateways: GatewayAdminService,
    private readonly clock: Clock,
  ) {}

  /** The core starts with the demo off: switches the demo logins off unless they already are. */
  async switchOff(): Promise<void> {
    if (!(await this.seeds.has(COUNTY_SEED))) return; // never a demo here: a user named `admin` is someone's
    // Claimed before anything changes, so two cores starting at once switch off once. A crash
    // before the record below is written leaves those logins off for good (an admin re-enables
    // them), never re-enables one an admin disabled.
    if (!(await this.seeds.claim(SWITCHED_OFF, this.clock.now(), { users: [], gateways: [] } satisfies SwitchedOff))) return;
    const reason = 'FEIJIU_DEMO=off';
    const changed = new Set(await this.users.setLoginsDisabled(demoUsernames(), true, reason, ACTOR));
    const users = demoUsernames().filter((u) => changed.has(u)); // the people's logins first
    const gateways = await this.gateways.revokeSeeded(reason, ACTOR);
    await this.seeds.setDetails(SWITCHED_OFF, { users, gateways } satisfies SwitchedOff);
    if (users.length === 0 && gateways.length === 0) return;
    this.logger.warn(
      { users: users.length, gateways: gateways.length },
      `demo is off: disabled ${users.length} demo logins (${preview(users)}) and revoked ${gateways.length} demo gateway credentials; ` +
        'logins and credentials an admin made are untouched; FEIJIU_DEMO=on brings the demo ones back',
    );
  }

  /** The core starts with the demo on, before the demo seed: undoes switchOff, once. */
  async switchBackOn(): Promise<void> {
    const mark = await this.seeds.take(SWITCHED_OFF);
    if (!mark.found) return;
    const reason = 'FEIJIU_DEMO=on';
    // a mark without the record was set before it was kept: every demo login, as back then
    const record = SwitchedOffSchema.safeParse(mark.details);
    const users = await this.users.setLoginsDisabled(record.success ? record.data.users : demoUsernames(), false, reason, ACTOR);
    const gateways = await this.gateways.reinstateSeeded(reason, ACTOR, record.success ? record.data.gateways : null);
    this.logger.log(
      { users: users.length, gateways: gateways.length },
      'demo is on again: the demo logins and demo gateway credentials it switched off re-enabled',
    );
  }
}

function demoUsernames(): string[] {
  return demoUsersFor(DEMO_COUNTY.vehicles, DEMO_COUNTY.facilities).map((u) => u.username);
}

function preview(usernames: readonly string[]): string {
  return usernames.length > 4 ? `${usernames.slice(0, 4).join(', ')}, …` : usernames.join(', ');
}
