import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { Clock } from '../platform/time/clock';
import type { GatewayCredentialEntity } from './gateway-credential.entity';
import { GatewayCredentialRepository } from './gateway-credential.repository';

const VERIFIED_CACHE_MS = 5 * 60_000;
// 192 random bits, URL-safe: fits a config file and an env var without quoting
const GENERATED_PASSWORD_BYTES = 24;

/** Per-vehicle gateway credentials (hashed in the database) and their verification. */
@Injectable()
export class GatewaysService {
  // A reconnecting gateway should not cost an argon2 verify each time; cache a fingerprint briefly.
  private readonly verified = new Map<string, { fingerprint: string; until: number }>();
  // Bumped on every change of a vehicle's credential: a verify that read the old hash must not
  // cache its result after the change.
  private readonly epochs = new Map<string, number>();

  constructor(
    private readonly credentials: GatewayCredentialRepository,
    private readonly clock: Clock,
  ) {}

  async verify(vehicleId: string, password: string): Promise<boolean> {
    const fingerprint = createHash('sha256').update(`${vehicleId}\0${password}`).digest('hex');
    const now = this.clock.now().getTime();
    const cached = this.verified.get(vehicleId);
    if (cached && cached.fingerprint === fingerprint && cached.until > now) return true;
    const epoch = this.epochs.get(vehicleId) ?? 0;
    const cred = await this.credentials.findActive(vehicleId);
    if (!cred || !(await verifyPassword(cred.passwordHash, password))) return false;
    if ((this.epochs.get(vehicleId) ?? 0) !== epoch) return false; // changed meanwhile: the caller retries
    this.verified.set(vehicleId, { fingerprint, until: now + VERIFIED_CACHE_MS });
    return true;
  }

  /** The demo seed's password; skipped for a credential an admin rotated or revoked. */
  async seedPassword(vehicleId: string, password: string): Promise<void> {
    if (await this.credentials.seed(vehicleId, await hashPassword(password), this.clock.now())) this.changed(vehicleId);
  }

  /** A new generated password for the vehicle's gateway; the previous one stops working. */
  async issue(vehicleId: string): Promise<{ password: string; credential: GatewayCredentialEntity }> {
    const password = randomBytes(GENERATED_PASSWORD_BYTES).toString('base64url');
    const credential = await this.credentials.issue(vehicleId, await hashPassword(password), this.clock.now());
    this.changed(vehicleId);
    return { password, credential };
  }

  /** Revokes the gateway's credential; null when it had none active. */
  async revoke(vehicleId: string): Promise<GatewayCredentialEntity | null> {
    const revoked = await this.credentials.revoke(vehicleId, this.clock.now());
    this.changed(vehicleId);
    return revoked;
  }

  /** Revokes every credential the demo seed owns (the demo is off); an admin's are left alone. */
  async revokeSeeded(): Promise<string[]> {
    const vehicleIds = await this.credentials.revokeSeeded(this.clock.now());
    vehicleIds.forEach((id) => this.changed(id));
    return vehicleIds;
  }

  /** Makes the demo seed's revoked credentials (of `onlyVehicleIds` when given) active again (the demo is on again). */
  async reinstateSeeded(onlyVehicleIds: readonly string[] | null): Promise<string[]> {
    const vehicleIds = await this.credentials.reinstateSeeded(onlyVehicleIds);
    vehicleIds.forEach((id) => this.changed(id));
    return vehicleIds;
  }

  find(vehicleId: string): Promise<GatewayCredentialEntity | null> {
    return this.credentials.find(vehicleId);
  }

  list(): Promise<GatewayCredentialEntity[]> {
    return this.credentials.list();
  }

  markSeen(vehicleId: string): Promise<void> {
    return this.credentials.markSeen(vehicleId, this.clock.now());
  }

  private changed(vehicleId: string): void {
    this.epochs.set(vehicleId, (this.epochs.get(vehicleId) ?? 0) + 1);
    this.verified.delete(vehicleId);
  }
}
