import {
  ApiErrorSchema,
  buildVehicleTopic,
  GatewayCredentialIssuedSchema,
  GatewayCredentialRevokedSchema,
  GatewayListSchema,
  type Gateway,
} from '@feijiu/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/password-hasher';
import type { AppConfig } from '../../src/platform/config/app-config';
import { APP_CONFIG } from '../../src/platform/config/config.module';
import { CORE_MQTT_USERNAME } from '../../src/platform/mqtt/mqtt-ingress.service';
import { DEMO_PASSWORD, type Harness, startHarness } from './support/core-harness';

// Demo ambulances no other medium test drives (the test database is shared by every file); their
// credentials go back to the demo seed's at the end.
const ROTATED = 'yunling-01';
const REVOKED = 'zhuxi-01';
const SEEDED = 'yanqian-01';
const OTHER_DEMO_PASSWORD = 'medium-test-other-pass';

describe('gateway credentials: rotate and revoke through the admin API', () => {
  let sut: Harness;
  let admin: string;
  const clients: MqttClient[] = [];

  const connect = async (username: string, password: string): Promise<MqttClient> => {
    const client = await mqtt.connectAsync(sut.mqttUrl, { username, password, protocolVersion: 4, reconnectPeriod: 0, connectTimeout: 5_000 });
    clients.push(client);
    return client;
  };
  const closed = (client: MqttClient) => new Promise<void>((resolve) => (client.disconnected ? resolve() : client.once('close', () => resolve())));

  const waitFor = async <T>(probe: () => Promise<T | undefined>, what: string): Promise<T> => {
    for (let i = 0; i < 100; i++) {
      const found = await probe();
      if (found !== undefined) return found;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  const gateways = async (): Promise<Gateway[]> => {
    const res = await sut.api('/api/v1/admin/gateways', { token: admin });
    expect(res.status).toBe(200);
    return GatewayListSchema.parse(await res.json());
  };
  const gateway = async (vehicleId: string) => (await gateways()).find((g) => g.vehicleId === vehicleId)!;
  const rotate = (vehicleId: string, token = admin) => sut.api(`/api/v1/admin/gateways/${vehicleId}/credentials`, { method: 'POST', token });
  const revoke = (vehicleId: string, token = admin) => sut.api(`/api/v1/admin/gateways/${vehicleId}/credentials`, { method: 'DELETE', token });

  beforeAll(async () => {
    sut = await startHarness();
    admin = await sut.login('admin');
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.endAsync(true).catch(() => undefined)));
    await sut?.stop();
    // hand the three ambulances back to the demo seed for whatever runs next on this database
    const db = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await db.connect();
    try {
      await db.query(`UPDATE gateway_credentials SET password_hash = $1, revoked_at = NULL, issued_by = 'seed' WHERE vehicle_id = ANY($2)`, [
        await hashPassword(DEMO_PASSWORD),
        [ROTATED, REVOKED, SEEDED],
      ]);
    } finally {
      await db.end();
    }
  });

  it('should refuse the gateway admin API to anyone but an admin, and change nothing', async () => {
    const dispatcher = await sut.login('dispatcher');
    const crew = await sut.login('crew');
    expect((await sut.api('/api/v1/admin/gateways', { token: dispatcher })).status).toBe(403);
    const byCrew = await rotate(SEEDED, crew);
    expect(byCrew.status).toBe(403);
    expect(ApiErrorSchema.parse(await byCrew.json()).code).toBe('FORBIDDEN');
    expect((await revoke(SEEDED, dispatcher)).status).toBe(403);
    expect((await sut.api('/api/v1/admin/gateways')).status).toBe(401);

    const gw = await connect(SEEDED, DEMO_PASSWORD);
    expect(gw.connected).toBe(true);
  });

  it('should list every ambulance with its gateway login status and never a password hash', async () => {
    const res = await sut.api('/api/v1/admin/gateways', { token: admin });
    const text = await res.text();
    expect(text).not.toMatch(/argon2|passwordHash|password_hash/);
    const list = GatewayListSchema.parse(JSON.parse(text));
    expect(list.map((g) => g.vehicleId)).toEqual(expect.arrayContaining(['lh-01', ROTATED, REVOKED, SEEDED]));
    expect(list.find((g) => g.vehicleId === 'lh-01')).toMatchObject({ username: 'lh-01', status: 'active', issuedBy: 'seed', rotatedAt: expect.any(String) });
  });

  it('should refuse the old password and accept the new one after a rotation, ending the live session', async () => {
    const live = await connect(ROTATED, DEMO_PASSWORD);
    const sessionEnded = closed(live);

    const res = await rotate(ROTATED);
    expect(res.status).toBe(201);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const issued = GatewayCredentialIssuedSchema.parse(await res.json());
    expect(issued).toMatchObject({ vehicleId: ROTATED, username: ROTATED, disconnectedSessions: 1 });
    expect(issued.password.length).toBeGreaterThanOrEqual(32);

    await sessionEnded;
    await expect(connect(ROTATED, DEMO_PASSWORD)).rejects.toThrow(/bad user ?name or password|not authori[sz]ed/i);
    const renewed = await connect(ROTATED, issued.password);
    expect(renewed.connected).toBe(true);

    const listed = await waitFor(async () => {
      const g = await gateway(ROTATED);
      return g.connected && g.lastSeenAt ? g : undefined;
    }, 'the rotated gateway listed as connected');
    expect(listed).toMatchObject({ status: 'active', issuedBy: 'admin', rotatedAt: issued.rotatedAt, revokedAt: null });
  });

  it('should disconnect a revoked gateway and refuse it from then on', async () => {
    const live = await connect(REVOKED, DEMO_PASSWORD);
    const sessionEnded = closed(live);

    const res = await revoke(REVOKED);
    expect(res.status).toBe(200);
    expect(GatewayCredentialRevokedSchema.parse(await res.json())).toMatchObject({ vehicleId: REVOKED, status: 'revoked', disconnectedSessions: 1 });

    await sessionEnded;
    await expect(connect(REVOKED, DEMO_PASSWORD)).rejects.toThrow(/bad user ?name or password|not authori[sz]ed/i);
    const again = GatewayCredentialRevokedSchema.parse(await (await revoke(REVOKED)).json());
    expect(again).toMatchObject({ status: 'revoked', disconnectedSessions: 0 });
    expect(await gateway(REVOKED)).toMatchObject({ status: 'revoked', connected: false, revokedAt: expect.any(String) });
  });

  it('should record rotations and revocations in the audit log with who and from where, without secrets', async () => {
    const res = await sut.api(`/api/v1/audit?entity=gateway_credential&entityId=${ROTATED}`, { token: admin });
    const text = await res.text();
    expect(text).not.toMatch(/argon2|password/i);
    const { items } = JSON.parse(text) as { items: { actor: string; action: string; sourceAddress: string | null; after: { status: string } }[] };
    expect(items[0]).toMatchObject({ actor: 'user:admin', action: 'rotate', sourceAddress: expect.stringMatching(/127\.0\.0\.1/), after: { status: 'active' } });
  });

  it('should answer VEHICLE_NOT_FOUND for a vehicle that does not exist', async () => {
    for (const res of [await rotate('no-such-ambulance'), await revoke('no-such-ambulance')]) {
      expect(res.status).toBe(404);
      expect(ApiErrorSchema.parse(await res.json()).code).toBe('VEHICLE_NOT_FOUND');
    }
  });

  it("should let a gateway with a rotated credential subscribe to its own cmd but not another vehicle's", async () => {
    const issued = GatewayCredentialIssuedSchema.parse(await (await rotate(ROTATED)).json());
    const gw = await connect(ROTATED, issued.password);
    const inbox: string[] = [];
    gw.on('message', (topic, payload) => inbox.push(`${topic} ${payload.toString()}`));
    expect((await gw.subscribeAsync(buildVehicleTopic(ROTATED, 'cmd'), { qos: 1 })).map((g) => g.qos)).toEqual([1]);
    // SUBACK 0x80: refused (mqtt.js rejects); the connection stays
    await expect(gw.subscribeAsync(buildVehicleTopic('lh-01', 'cmd'), { qos: 1 })).rejects.toThrow(/subscribe error/i);

    // the core is the only one allowed to send commands
    const { coreMqttSecret } = sut.core.app.get<AppConfig>(APP_CONFIG);
    const core = await connect(CORE_MQTT_USERNAME, coreMqttSecret);
    await core.publishAsync(buildVehicleTopic('lh-01', 'cmd'), 'for-lh-01', { qos: 1 });
    await core.publishAsync(buildVehicleTopic(ROTATED, 'cmd'), 'for-me', { qos: 1 });
    await waitFor(async () => (inbox.length ? true : undefined), 'its own cmd');
    expect(inbox).toEqual([`${buildVehicleTopic(ROTATED, 'cmd')} for-me`]);
  });

  it('should keep rotated and revoked credentials when the core restarts with another demo password', async () => {
    const issued = GatewayCredentialIssuedSchema.parse(await (await rotate(ROTATED)).json());
    await Promise.all(clients.splice(0).map((c) => c.endAsync(true).catch(() => undefined)));
    await sut.stop();
    // a new demo password re-seeds every demo login and gateway the seed still owns
    sut = await startHarness({ FEIJIU_DEMO_PASSWORD: OTHER_DEMO_PASSWORD });

    expect((await connect(ROTATED, issued.password)).connected).toBe(true);
    await expect(connect(ROTATED, OTHER_DEMO_PASSWORD)).rejects.toThrow();
    await expect(connect(REVOKED, OTHER_DEMO_PASSWORD)).rejects.toThrow();
    expect((await connect(SEEDED, OTHER_DEMO_PASSWORD)).connected).toBe(true);
  });
});
