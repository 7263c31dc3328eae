import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { hashPassword, verifyPassword } from '../auth/password-hasher';
import { Clock } from '../platform/time/clock';
import { GatewayCredentialRepository } from './gateway-credential.repository';

const VERIFIED_CACHE_MS = 5 * 60_000;

/** Per-vehicle gateway credentials (hashed in the database) and their verification. */
@Injectable()
export class GatewaysService {
  // A reconnecting gateway should not cost an argon2 verify each time; cache a fingerprint briefly.
  private readonly verified = new Map<string, { fingerprint: string; until: number }>();

  constructor(
    private readonly credentials: GatewayCredentialRepository,
    private readonly clock: Clock,
  ) {}

  async verify(vehicleId: string, password: string): Promise<boolean> {
    const fingerprint = createHash('sha256').update(`${vehicleId}\0${password}`).digest('hex');
    const now = this.clock.now().getTime();
    const cached = this.verified.get(vehicleId);
    if (cached && cached.fingerprint === fingerprint && cached.until > now) return true;
    const cred = await this.credentials.findActive(vehicleId);
    if (!cred || !(await verifyPassword(cred.passwordHash, password))) return false;
    this.verified.set(vehicleId, { fingerprint, until: now + VERIFIED_CACHE_MS });
    return true;
  }

  async setPassword(vehicleId: string, password: string): Promise<void> {
    await this.credentials.upsert(vehicleId, await hashPassword(password), this.clock.now());
    this.verified.delete(vehicleId);
  }
}
