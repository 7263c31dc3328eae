import { describe, expect, it } from 'vitest';
import type { Clock } from '../platform/time/clock';
import type { GatewayCredentialEntity } from './gateway-credential.entity';
import type { GatewayCredentialRepository } from './gateway-credential.repository';
import { GatewaysService } from './gateways.service';

const clock: Clock = { now: () => new Date('2026-11-22T08:00:00Z') };

// An in-memory credential table: what the service caches is under test, not the SQL
// (the seed's rule is proven against PostgreSQL by test/medium/gateway-credentials.test.ts).
function fakeRepository() {
  const rows = new Map<string, GatewayCredentialEntity>();
  let beforeRead: (() => Promise<void>) | null = null;
  const repo = {
    async findActive(vehicleId: string) {
      const row = rows.get(vehicleId);
      const snapshot = row && !row.revokedAt ? { ...row } : null;
      await beforeRead?.(); // lets a test change the row while this read is "in flight"
      return snapshot;
    },
    async seed(vehicleId: string, passwordHash: string, at: Date) {
      const row = rows.get(vehicleId);
      if (row && (row.issuedBy !== 'seed' || row.revokedAt)) return false;
      rows.set(vehicleId, { vehicleId, passwordHash, rotatedAt: at, revokedAt: null, issuedBy: 'seed', lastSeenAt: null });
      return true;
    },
    async issue(vehicleId: string, passwordHash: string, at: Date) {
      const row: GatewayCredentialEntity = { vehicleId, passwordHash, rotatedAt: at, revokedAt: null, issuedBy: 'admin', lastSeenAt: null };
      rows.set(vehicleId, row);
      return row;
    },
    async revoke(vehicleId: string, at: Date) {
      const row = rows.get(vehicleId);
      if (!row || row.revokedAt) return null;
      Object.assign(row, { revokedAt: at, issuedBy: 'admin' });
      return row;
    },
  };
  return { repo: repo as unknown as GatewayCredentialRepository, onRead: (fn: (() => Promise<void>) | null) => (beforeRead = fn) };
}

describe(GatewaysService.name, () => {
  it('should refuse the old password once a credential is rotated, even right after a successful login', async () => {
    const { repo } = fakeRepository();
    const sut = new GatewaysService(repo, clock);
    await sut.seedPassword('lh-01', 'demo-pass');
    expect(await sut.verify('lh-01', 'demo-pass')).toBe(true); // now cached

    const { password } = await sut.issue('lh-01');

    expect(await sut.verify('lh-01', 'demo-pass')).toBe(false);
    expect(await sut.verify('lh-01', password)).toBe(true);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('should not remember a password that was checked against a credential rotated meanwhile', async () => {
    const { repo, onRead } = fakeRepository();
    const sut = new GatewaysService(repo, clock);
    await sut.seedPassword('lh-01', 'demo-pass');
    // the rotation lands while the login's argon2 check of the old hash is still running
    onRead(async () => {
      onRead(null);
      await sut.issue('lh-01');
    });

    expect(await sut.verify('lh-01', 'demo-pass')).toBe(false);
    expect(await sut.verify('lh-01', 'demo-pass')).toBe(false);
  });

  it('should refuse a revoked gateway whose password was cached a moment before', async () => {
    const { repo } = fakeRepository();
    const sut = new GatewaysService(repo, clock);
    await sut.seedPassword('lh-01', 'demo-pass');
    expect(await sut.verify('lh-01', 'demo-pass')).toBe(true);

    await sut.revoke('lh-01');

    expect(await sut.verify('lh-01', 'demo-pass')).toBe(false);
  });
});
