import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A secret kept in `<dataDir>/secrets/<name>` (mode 0600): generated on first start and reused,
 * so tokens and demo logins survive a restart. An explicit value always wins.
 */
export function readOrCreateSecret(dataDir: string, name: string, explicit: string | null, generate: () => string): string {
  if (explicit) return explicit;
  const dir = join(dataDir, 'secrets');
  const file = join(dir, name);
  if (existsSync(file)) {
    const stored = readFileSync(file, 'utf8').trim();
    if (stored) return stored;
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

export const generateJwtSecret = (): string => randomBytes(48).toString('base64url');

/** Readable demo password: three groups of four, no look-alike characters. */
export function generateDemoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8).join('')}`;
}
