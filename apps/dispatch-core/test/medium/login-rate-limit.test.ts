import { ApiErrorSchema } from '@feijiu/contracts';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

const RUN = Date.now().toString(36);
const PASSWORD = 'correct-horse-battery';
const MAX_PER_ADDRESS = 8;

// Each test logs in from its own loopback address (Linux routes all of 127.0.0.0/8 to lo), so
// counts left in the shared database by other tests cannot reach it.
let nextOctet = 10 + Math.floor(Math.random() * 200);
const freshAddress = () => `127.${Math.floor(Math.random() * 250) + 1}.${(nextOctet++ % 250) + 1}.${Math.floor(Math.random() * 250) + 1}`;

interface LoginAnswer {
  status: number;
  code: string | null;
  retryAfterSec: number | null;
}

describe('login rate limit', () => {
  let sut: Harness;
  let username: string;

  function loginFrom(address: string, user: string, password: string): Promise<LoginAnswer> {
    const url = new URL('/api/v1/auth/login', sut.baseUrl);
    const body = JSON.stringify({ username: user, password });
    return new Promise((resolve, reject) => {
      const req = request(
        { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', localAddress: address, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => {
            const parsed = ApiErrorSchema.safeParse(JSON.parse(text));
            const retryAfter = res.headers['retry-after'];
            resolve({ status: res.statusCode ?? 0, code: parsed.success ? parsed.data.code : null, retryAfterSec: retryAfter ? Number(retryAfter) : null });
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_LOGIN_MAX_FAILURES: '5', FEIJIU_LOGIN_WINDOW_SEC: '900', FEIJIU_LOGIN_MAX_FAILURES_PER_ADDRESS: String(MAX_PER_ADDRESS) });
    const admin = await sut.login('admin', DEMO_PASSWORD);
    username = `limited-${RUN}`;
    const res = await sut.api('/api/v1/admin/users', {
      method: 'POST',
      token: admin,
      body: JSON.stringify({ username, displayName: 'limited', role: 'dispatcher', password: PASSWORD }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should refuse the sixth try after five wrong passwords from one address with 429 AUTH_RATE_LIMITED and Retry-After', async () => {
    const address = freshAddress();
    for (let i = 0; i < 5; i++) expect((await loginFrom(address, username, 'wrong-password')).code).toBe('AUTH_INVALID_CREDENTIALS');

    const refused = await loginFrom(address, username, PASSWORD);

    expect(refused.status).toBe(429);
    expect(refused.code).toBe('AUTH_RATE_LIMITED');
    expect(refused.retryAfterSec).toBeGreaterThan(0);
    expect(refused.retryAfterSec).toBeLessThanOrEqual(900);
  });

  it('should still let the same user in from another address while one address is limited', async () => {
    const noisy = freshAddress();
    for (let i = 0; i < 6; i++) await loginFrom(noisy, username, 'wrong-password');
    expect((await loginFrom(noisy, username, PASSWORD)).status).toBe(429);

    expect((await loginFrom(freshAddress(), username, PASSWORD)).status).toBe(200);
  });

  it('should not count successful logins', async () => {
    const address = freshAddress();
    for (let i = 0; i < 7; i++) expect((await loginFrom(address, username, PASSWORD)).status).toBe(200);
  });

  it('should forget a user’s failures at an address once they log in there', async () => {
    const address = freshAddress();
    for (let i = 0; i < 4; i++) await loginFrom(address, username, 'wrong-password');
    expect((await loginFrom(address, username, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await loginFrom(address, username, 'wrong-password')).status).toBe(401);

    expect((await loginFrom(address, username, PASSWORD)).status).toBe(200);
  });

  it('should limit one address guessing across many usernames', async () => {
    const address = freshAddress();
    for (let i = 0; i < MAX_PER_ADDRESS; i++) {
      expect((await loginFrom(address, `nobody-${RUN}-${i}`, 'guess')).code).toBe('AUTH_INVALID_CREDENTIALS');
    }

    const refused = await loginFrom(address, username, PASSWORD);

    expect(refused.status).toBe(429);
    expect(refused.code).toBe('AUTH_RATE_LIMITED');
    expect((await loginFrom(freshAddress(), username, PASSWORD)).status).toBe(200);
  });

  it('should let only five of a burst of parallel wrong guesses reach the password check', async () => {
    const address = freshAddress();
    const answers = await Promise.all(Array.from({ length: 12 }, () => loginFrom(address, username, 'wrong-password')));
    expect(answers.filter((a) => a.code === 'AUTH_INVALID_CREDENTIALS')).toHaveLength(5);
    expect(answers.filter((a) => a.code === 'AUTH_RATE_LIMITED')).toHaveLength(7);
  });
});
