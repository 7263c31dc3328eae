import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export type RecordOutcome =
  | { recorded: true; id: string }
  /** Not recorded: the newest attempts in the window that hold the limit, newest first. */
  | { recorded: false; byUsername: Date[]; byAddress: Date[] };

/** Failed logins (and attempts in progress) by username + source address, for the rate limit. */
@Injectable()
export class LoginFailureRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Records an attempt unless this username at this address, or this address, already has `max`
   * attempts since `since`. One address at a time (advisory lock), so parallel attempts count exactly.
   */
  recordUnlessLimited(
    username: string,
    address: string,
    at: Date,
    since: Date,
    max: { byUsername: number; byAddress: number },
  ): Promise<RecordOutcome> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('feijiu:login:' || $1))`, [address]);
      const recent = async (user: string | null, limit: number) =>
        ((await m.query(
          `SELECT failed_at AS "failedAt" FROM login_failures
            WHERE address = $1 AND ($2::text IS NULL OR username = $2) AND failed_at > $3
            ORDER BY failed_at DESC LIMIT $4`,
          [address, user, since, limit],
        )) as { failedAt: Date }[]).map((r) => r.failedAt);
      const byUsername = await recent(username, max.byUsername);
      const byAddress = await recent(null, max.byAddress);
      if (byUsername.length >= max.byUsername || byAddress.length >= max.byAddress) return { recorded: false, byUsername, byAddress };
      const [row] = (await m.query(`INSERT INTO login_failures (username, address, failed_at) VALUES ($1, $2, $3) RETURNING id`, [
        username,
        address,
        at,
      ])) as { id: string }[];
      return { recorded: true, id: row!.id };
    });
  }

  /** After a good password: this username's failures at this address are forgotten. */
  async clear(username: string, address: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE username = $1 AND address = $2`, [username, address]);
  }

  async prune(before: Date): Promise<void> {
    await this.dataSource.query(`DELETE FROM login_failures WHERE failed_at < $1`, [before]);
  }
}
