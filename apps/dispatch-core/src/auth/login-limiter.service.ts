import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../platform/config/app-config';
import { APP_CONFIG } from '../platform/config/config.module';
import { Clock } from '../platform/time/clock';
import { AuthError } from './auth.errors';
import { LoginFailureRepository } from './login-failure.repository';

/** One login attempt in progress: tell the limiter how it ended. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

/**
 * Sliding-window limit on failed logins, kept in PostgreSQL so every core instance sees the same
 * counts: per username + source address (a person mistyping, a guesser at one account), and per
 * source address (a guesser trying many usernames). Deliberately not per username alone: anyone
 * could then lock the dispatch centre out of its own accounts. Each attempt counts from before its
 * password is checked (a burst of parallel guesses cannot slip past); a good password removes it.
 */
@Injectable()
export class LoginLimiter {
  constructor(
    private readonly failures: LoginFailureRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {}

  /** Counts the attempt, or refuses it with AUTH_RATE_LIMITED (details.retryAfterSec) when over a limit. */
  async begin(usernameTyped: string, address: string): Promise<LoginAttempt> {
    const { maxFailures, maxFailuresPerAddress, windowSec } = this.config.login;
    const username = usernameTyped.toLowerCase();
    const now = this.clock.now();
    const since = new Date(now.getTime() - windowSec * 1000);
    const outcome = await this.failures.recordUnlessLimited(username, address, now, since, {
      byUsername: maxFailures,
      byAddress: maxFailuresPerAddress,
    });
    if (!outcome.recorded) {
      const waitMs = Math.max(
        freeInMs(outcome.byUsername, maxFailures, windowSec, now),
        freeInMs(outcome.byAddress, maxFailuresPerAddress, windowSec, now),
      );
      const retryAfterSec = Math.max(1, Math.ceil(waitMs / 1000));
      throw new AuthError('AUTH_RATE_LIMITED', `too many failed logins; try again in ${retryAfterSec} s`, { retryAfterSec });
    }
    return {
      succeeded: () => this.failures.clear(username, address),
      failed: () => this.failures.prune(since),
    };
  }
}

// Over the limit while the `max`-th newest attempt is inside the window; free once it leaves.
function freeInMs(newestFirst: readonly Date[], max: number, windowSec: number, now: Date): number {
  if (newestFirst.length < max) return 0;
  return newestFirst[max - 1]!.getTime() + windowSec * 1000 - now.getTime();
}
