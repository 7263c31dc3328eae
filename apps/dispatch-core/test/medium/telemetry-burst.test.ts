import { buildVehicleTopic, VitalRowListSchema, type VitalsSampledEvent } from '@feijiu/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness, waitForConnection } from './support/core-harness';

// Five monitors replaying a backlog as fast as the broker takes it: every message must land in
// the database once and reach the dispatcher once.
describe('telemetry: a burst of 2,000 vitals messages from 5 gateways', () => {
  const VEHICLES = ['mch-01', 'mch-02', 'mch-03', 'gh2-01', 'gh2-02'];
  const PER_GATEWAY = 400;
  let sut: Harness;
  let dispatcher: Socket;
  const gateways: MqttClient[] = [];
  const seen = new Map<string, number>();
  const firstSeq = Date.now() + 100_000_000;
  const since = new Date(Date.now() - 3600_000);

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = sut.live(await sut.login('dispatcher'));
    dispatcher.on('vitals.sampled', (e: VitalsSampledEvent) => {
      const key = `${e.vehicleId}/${e.seq}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    });
    await waitForConnection(dispatcher);
    for (const vehicleId of VEHICLES) {
      gateways.push(await mqtt.connectAsync(sut.mqttUrl, { username: vehicleId, password: DEMO_PASSWORD, protocolVersion: 4 }));
    }
  });
  afterAll(async () => {
    for (const gw of gateways) await gw.endAsync();
    await sut?.stop();
  });

  it('should store and stream every message exactly once', async () => {
    await Promise.all(
      VEHICLES.map((vehicleId, g) => {
        const publishes: Promise<unknown>[] = [];
        for (let i = 0; i < PER_GATEWAY; i++) {
          const ts = new Date(since.getTime() + i * 1000).toISOString(); // a backlog: one second apart, an hour ago
          const body = { seq: firstSeq + i, ts, monitorId: `mon-${g}`, obs: [{ code: 'HR', value: 60 + (i % 100), unit: '/min' }, { code: 'SPO2', value: 95, unit: '%' }] };
          publishes.push(gateways[g]!.publishAsync(buildVehicleTopic(vehicleId, 'vitals'), JSON.stringify(body), { qos: 1 }));
        }
        return Promise.all(publishes);
      }),
    );
    // the embedded broker acknowledged every publish; the core streams a message once stored
    for (let i = 0; i < 400 && seen.size < 2000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(seen.size).toBe(2000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);

    const db = sut.core.app.get(DataSource);
    const [receipts] = (await db.query(
      `SELECT count(*)::int AS n, count(DISTINCT (vehicle_id, seq))::int AS distinct_n FROM telemetry_receipts
        WHERE vehicle_id = ANY($1) AND kind = 'vitals' AND seq >= $2`,
      [VEHICLES, firstSeq],
    )) as { n: number; distinct_n: number }[];
    expect(receipts).toEqual({ n: 2000, distinct_n: 2000 });
    const [samples] = (await db.query(
      `SELECT count(*)::int AS n FROM vitals_samples WHERE vehicle_id = ANY($1) AND seq >= $2`,
      [VEHICLES, firstSeq],
    )) as { n: number }[];
    expect(samples!.n).toBe(4000);

    const token = await sut.login('dispatcher');
    for (const vehicleId of VEHICLES) {
      const res = await sut.api(`/api/v1/vehicles/${vehicleId}/vitals?since=${since.toISOString()}&code=HR&limit=50000`, { token });
      const rows = VitalRowListSchema.parse(await res.json());
      expect(rows, vehicleId).toHaveLength(PER_GATEWAY);
      expect(rows.every((r) => r.flags.includes('late'))).toBe(true);
    }

  });
});
