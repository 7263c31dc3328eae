import {
  buildVehicleTopic,
  type VitalRow,
  VitalRowListSchema,
  type VitalsMessage,
  type VitalsSampledEvent,
  VitalsSampledEventSchema,
} from '@feijiu/contracts';
import mqtt, { type MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Harness, startHarness, waitFor } from './support/core-harness';

// The vitals history the ER board back-fills from: capped at the newest rows of the window, and
// saying so; each observation's channel (OBX-4) and pulse source kept from gateway to history.
describe('vitals history: newest rows when capped, truncation signalled, channels kept', () => {
  const VEHICLE = 'lh-02';
  const DEFAULT_CAP = 10_000;
  let sut: Harness;
  let token: string;
  let gateway: MqttClient;
  let socket: Socket;
  const seen = new Set<number>();
  const events: VitalsSampledEvent[] = [];
  let seq = Date.now() * 10; // unique on the database the medium files share
  // a window of our own, hours back: no other file stores samples for this vehicle there
  const base = Date.now() - 6 * 3600_000 - Math.floor(Math.random() * 3600_000);
  const iso = (ms: number) => new Date(ms).toISOString();

  const publish = async (messages: VitalsMessage[]) => {
    for (const m of messages) await gateway.publishAsync(buildVehicleTopic(VEHICLE, 'vitals'), JSON.stringify(m), { qos: 1 });
    await waitFor(() => messages.every((m) => seen.has(m.seq)), `${messages.length} vitals messages stored`, 30_000);
  };
  const history = async (pathAndQuery: string) => {
    const res = await sut.api(pathAndQuery, { token });
    expect(res.status).toBe(200);
    const next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    return { rows: VitalRowListSchema.parse(await res.json()), truncated: res.headers.get('x-truncated'), next };
  };
  const times = (rows: VitalRow[]) => rows.map((r) => Date.parse(r.measuredAt));

  beforeAll(async () => {
    sut = await startHarness();
    token = await sut.login('dispatcher');
    socket = sut.live(token);
    socket.on('vitals.sampled', (e: unknown) => {
      const event = VitalsSampledEventSchema.parse(e);
      seen.add(event.seq);
      events.push(event);
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    gateway = await mqtt.connectAsync(sut.mqttUrl, { username: VEHICLE, password: DEMO_PASSWORD, protocolVersion: 4 });
  });
  afterAll(async () => {
    await gateway?.endAsync();
    await sut?.stop();
  });

  it('should return the newest 10,000 rows of a longer window in time order, signal the cut and link to the rest', async () => {
    // 157 messages × 64 heart rates 100 ms apart: 10,048 rows, more than the default cap
    const rowsPerMessage = 64;
    const messages: VitalsMessage[] = Array.from({ length: 157 }, (_, m) => ({
      seq: ++seq,
      ts: iso(base + m * rowsPerMessage * 100),
      monitorId: 'mon-a',
      obs: Array.from({ length: rowsPerMessage }, (_, j) => ({
        code: 'HR' as const,
        value: 60 + ((m * rowsPerMessage + j) % 100),
        unit: '/min',
        ts: iso(base + (m * rowsPerMessage + j) * 100),
      })),
    }));
    const published = messages.flatMap((m) => m.obs.map((o) => Date.parse(o.ts!)));
    await publish(messages);
    const window = `since=${encodeURIComponent(iso(base))}&until=${encodeURIComponent(iso(base + 3600_000))}`;

    const first = await history(`/api/v1/vehicles/${VEHICLE}/vitals?${window}`);

    expect(first.rows).toHaveLength(DEFAULT_CAP);
    expect(first.truncated).toBe('true');
    // the newest sample is there (an ER back-fill must not lose the last minutes), oldest first
    expect(times(first.rows).at(-1)).toBe(published.at(-1));
    expect(times(first.rows)).toEqual([...times(first.rows)].sort((a, b) => a - b));
    expect(times(first.rows)[0]).toBe(published[published.length - DEFAULT_CAP]);

    // the Link goes on with the older rows: together, every row exactly once
    expect(first.next).not.toBeNull();
    const rest = await history(first.next!);
    expect(rest.truncated).toBe('false');
    expect(rest.next).toBeNull();
    expect([...times(rest.rows), ...times(first.rows)]).toEqual(published);
  });

  it('should honour a smaller limit and a code filter, and keep both on the link to the older rows', async () => {
    const at = base + 40 * 60_000;
    const messages: VitalsMessage[] = Array.from({ length: 5 }, (_, i) => ({
      seq: ++seq,
      ts: iso(at + i * 1000),
      monitorId: 'mon-a',
      obs: [
        { code: 'SPO2', value: 90 + i, unit: '%' },
        { code: 'RR', value: 14 + i, unit: '/min' },
      ],
    }));
    await publish(messages);
    const window = `since=${encodeURIComponent(iso(at))}&until=${encodeURIComponent(iso(at + 60_000))}`;

    const page = await history(`/api/v1/vehicles/${VEHICLE}/vitals?${window}&code=SPO2&limit=2`);

    expect(page.rows.map((r) => [r.code, r.value])).toEqual([
      ['SPO2', 93],
      ['SPO2', 94],
    ]);
    expect(page.truncated).toBe('true');
    const older = await history(page.next!);
    expect(older.rows.map((r) => [r.code, r.value])).toEqual([
      ['SPO2', 91],
      ['SPO2', 92],
    ]);
    expect((await history(older.next!)).rows.map((r) => r.value)).toEqual([90]);
  });

  it('should return an instant that holds more rows than the limit whole, never skipping the rest of it', async () => {
    // one message: a full set of readings stamped with one time, then an older one
    const at = base + 45 * 60_000;
    const older: VitalsMessage = { seq: ++seq, ts: iso(at - 1000), monitorId: 'mon-a', obs: [{ code: 'TEMP', value: 37.1, unit: 'Cel' }] };
    const full: VitalsMessage = {
      seq: ++seq,
      ts: iso(at),
      monitorId: 'mon-a',
      obs: [
        { code: 'HR', value: 88, unit: '/min' },
        { code: 'SPO2', value: 97, unit: '%' },
        { code: 'RR', value: 16, unit: '/min' },
        { code: 'NIBP_SYS', value: 121, unit: 'mm[Hg]' },
        { code: 'NIBP_DIA', value: 79, unit: 'mm[Hg]' },
      ],
    };
    await publish([older, full]);
    const window = `since=${encodeURIComponent(iso(at - 5000))}&until=${encodeURIComponent(iso(at + 5000))}`;

    const page = await history(`/api/v1/vehicles/${VEHICLE}/vitals?${window}&limit=2`);

    expect(page.rows.map((r) => r.code).sort()).toEqual(['HR', 'NIBP_DIA', 'NIBP_SYS', 'RR', 'SPO2']);
    expect(page.truncated).toBe('true');
    const rest = await history(page.next!);
    expect(rest.rows.map((r) => [r.code, r.value])).toEqual([['TEMP', 37.1]]);
    expect([rest.truncated, rest.next]).toEqual(['false', null]);
  });

  it('should keep each observation’s channel and pulse source from the gateway to the live event and the history', async () => {
    const at = base + 50 * 60_000;
    const message: VitalsMessage = {
      seq: ++seq,
      ts: iso(at),
      monitorId: 'comen',
      obs: [
        { code: 'SPO2', value: 97, unit: '%', channel: '1.3.1.150456' },
        { code: 'PR', value: 59, unit: '/min', channel: '1.0.0.149522' },
        { code: 'SPO2', value: 95, unit: '%', channel: '1.3.2.150456' },
        { code: 'PR', value: 63, unit: '/min', source: 'nibp' },
      ],
    };
    await publish([message]);

    expect(events.find((e) => e.seq === message.seq)?.obs.map((o) => [o.code, o.channel, o.source])).toEqual([
      ['SPO2', '1.3.1.150456', undefined],
      ['PR', '1.0.0.149522', undefined],
      ['SPO2', '1.3.2.150456', undefined],
      ['PR', undefined, 'nibp'],
    ]);
    const { rows } = await history(`/api/v1/vehicles/${VEHICLE}/vitals?since=${encodeURIComponent(iso(at))}&until=${encodeURIComponent(iso(at))}`);
    expect(rows.map((r) => [r.monitorId, r.code, r.value, r.channel, r.source])).toEqual([
      ['comen', 'PR', 59, '1.0.0.149522', undefined],
      ['comen', 'PR', 63, undefined, 'nibp'],
      ['comen', 'SPO2', 97, '1.3.1.150456', undefined],
      ['comen', 'SPO2', 95, '1.3.2.150456', undefined],
    ]);
  });
});
