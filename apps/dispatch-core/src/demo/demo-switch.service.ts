import { DEMO_COUNTY } from '@feijiu/geo';
import { Injectable, Logger } from '@nestjs/common';
import { UserAdminService } from '../auth/user-admin.service';
import { GatewayAdminService } from '../gateways/gateway-admin.service';
import { SYSTEM } from '../platform/http/actor';
import { Clock } from '../platform/time/clock';
import { COUNTY_SEED } from './demo-seed.service';
import { demoUsersFor } from './demo-users';
import { SeedRunRepository } from './seed-run.repository';

// Set while the demo logins are switched off, so switching the demo on again re-enables exactly
// once (a demo user an admin disabled in demo mode stays disabled across ordinary restarts).
const SWITCHED_OFF = 'demo-logins-switched-off';
const ACTOR = SYSTEM('demo');

/**
 * The demo logins follow FEIJIU_DEMO on a database the demo was seeded into: with the demo off,
 * the demo users (the printed password, `admin` among them) are disabled and the demo gateways'
 * credentials revoked; with it on again, both come back. Users and credentials an admin made or
 * changed are never touched (the users by name, the credentials by `issued_by = seed`).
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

  /** The core starts with the demo off. */
  async switchOff(): Promise<void> {
    if (!(await this.seeds.has(COUNTY_SEED))) return; // never a demo here: a user named `admin` is someone's
    const reason = 'FEIJIU_DEMO=off';
    const changed = new Set(await this.users.setLoginsDisabled(demoUsernames(), true, reason, ACTOR));
    const users = demoUsernames().filter((u) => changed.has(u)); // the people's logins first
    const gateways = await this.gateways.revokeSeeded(reason, ACTOR);
    if (users.length === 0 && gateways.length === 0) return;
    await this.seeds.mark(SWITCHED_OFF, this.clock.now());
    this.logger.warn(
      { users: users.length, gateways: gateways.length },
      `demo is off: disabled ${users.length} demo logins (${preview(users)}) and revoked ${gateways.length} demo gateway credentials; ` +
        'logins and credentials an admin made are untouched; FEIJIU_DEMO=on brings the demo ones back',
    );
  }

  /** The core starts with the demo on, before the demo seed: undoes switchOff, once. */
  async switchBackOn(): Promise<void> {
    if (!(await this.seeds.unmark(SWITCHED_OFF))) return;
    const reason = 'FEIJIU_DEMO=on';
    const users = await this.users.setLoginsDisabled(demoUsernames(), false, reason, ACTOR);
    const gateways = await this.gateways.reinstateSeeded(reason, ACTOR);
    this.logger.log({ users: users.length, gateways: gateways.length }, 'demo is on again: demo logins and demo gateway credentials re-enabled');
  }
}

function demoUsernames(): string[] {
  return demoUsersFor(DEMO_COUNTY.vehicles, DEMO_COUNTY.facilities).map((u) => u.username);
}

function preview(usernames: readonly string[]): string {
  return usernames.length > 4 ? `${usernames.slice(0, 4).join(', ')}, …` : usernames.join(', ');
}
