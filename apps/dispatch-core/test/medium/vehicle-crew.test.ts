import { ApiErrorSchema, AuditPageSchema, type Vehicle, type VehicleCrewChangedEvent, VehicleCrewChangedEventSchema, VehicleSchema } from '@feijiu/contracts';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/core-harness';

// Who is on board: the demo seeds each ambulance's shift crew, the vehicle's own crew (or a
// dispatcher) sets the next shift's, the dispatch centre sees it at once, phones stay whole only
// for the dispatch centre and the vehicle itself, and every change is in the audit log.
// Demo ambulances no other medium test touches (the test database is shared by every file).
const VEHICLE = 'gh2-02';
const OTHER_VEHICLE = 'gh2-03';
const SEEDED_ALS = 'gh2-01';
const SEEDED_BLS = 'linxi-01';

describe('vehicle crew: the shift roster, set by the crew, seen by dispatch', () => {
  let sut: Harness;
  let dispatcher: string;
  let ownCrew: string;
  let otherCrew: string;
  let er: string;
  let admin: string;
  const crewEvents: { dispatcher: VehicleCrewChangedEvent[]; ownCrew: VehicleCrewChangedEvent[]; otherCrew: unknown[] } = {
    dispatcher: [],
    ownCrew: [],
    otherCrew: [],
  };

  const vehicleAs = async (token: string, id: string): Promise<Vehicle> => {
    const res = await sut.api(`/api/v1/vehicles/${id}`, { token });
    expect(res.status).toBe(200);
    return VehicleSchema.parse(await res.json());
  };
  const fleetAs = async (token: string): Promise<Vehicle[]> => {
    const res = await sut.api('/api/v1/vehicles', { token });
    expect(res.status).toBe(200);
    return VehicleSchema.array().parse(await res.json());
  };
  const putCrew = (token: string, id: string, body: unknown) =>
    sut.api(`/api/v1/vehicles/${id}/crew`, { method: 'PUT', token, body: JSON.stringify(body) });
  const errorCode = async (res: Response) => ApiErrorSchema.parse(await res.json()).code;
  const connected = (socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
  const waitFor = async <T>(probe: () => T | undefined, what: string): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const v = probe();
      if (v) return v;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`timed out waiting for ${what}`);
  };

  beforeAll(async () => {
    sut = await startHarness();
    dispatcher = await sut.login('dispatcher');
    ownCrew = await sut.login(`crew-${VEHICLE}`);
    otherCrew = await sut.login(`crew-${OTHER_VEHICLE}`);
    er = await sut.login('er');
    admin = await sut.login('admin');
    const sockets: [Socket, unknown[]][] = [
      [sut.live(dispatcher), crewEvents.dispatcher],
      [sut.live(ownCrew), crewEvents.ownCrew],
      [sut.live(otherCrew), crewEvents.otherCrew],
    ];
    for (const [socket, into] of sockets) socket.on('vehicle.crew_changed', (e: unknown) => into.push(e));
    await Promise.all(sockets.map(([s]) => connected(s)));
  });
  afterAll(async () => {
    await sut?.stop();
  });

  it('should show the dispatcher the seeded demo crew of every ambulance, with phones', async () => {
    const fleet = await fleetAs(dispatcher);
    expect(fleet.every((v) => v.crew.length > 0 && v.crewUpdatedAt !== null)).toBe(true);
    const als = fleet.find((v) => v.id === SEEDED_ALS)!;
    const bls = fleet.find((v) => v.id === SEEDED_BLS)!;
    expect(als.crew.map((m) => m.role)).toEqual(['doctor', 'nurse', 'driver']);
    expect(bls.crew.map((m) => m.role)).toEqual(['paramedic', 'driver']);
    for (const m of [...als.crew, ...bls.crew]) {
      expect(m.name).toMatch(/^\p{Script=Han}{2,3}$/u);
      expect(m.phone).toMatch(/^1\d{10}$/);
    }
    expect(fleet.find((v) => v.id === 'lh-01')!.crew).toEqual([
      { role: 'doctor', name: '张伟', phone: '13905561201' },
      { role: 'nurse', name: '李娜', phone: '13905561202' },
      { role: 'driver', name: '王强', phone: '13905561203' },
    ]);
  });

  it("should let the vehicle's own crew set the shift crew, and show it to the dispatcher at once (REST and live)", async () => {
    const crew = [
      { role: 'doctor', name: ' 孙明 ', phone: '13855550101' },
      { role: 'nurse', name: '周雪梅' },
      { role: 'driver', name: '吴国庆', phone: '0556-5550102' },
    ];
    const expected = [
      { role: 'doctor', name: '孙明', phone: '13855550101' },
      { role: 'nurse', name: '周雪梅' },
      { role: 'driver', name: '吴国庆', phone: '0556-5550102' },
    ];
    const before = Date.now();
    const res = await putCrew(ownCrew, VEHICLE, { crew });
    expect(res.status).toBe(200);
    const answered = VehicleSchema.parse(await res.json());
    expect(answered.crew).toEqual(expected);
    expect(Date.parse(answered.crewUpdatedAt!)).toBeGreaterThanOrEqual(before - 1000);

    expect((await vehicleAs(dispatcher, VEHICLE)).crew).toEqual(expected);
    expect((await fleetAs(dispatcher)).find((v) => v.id === VEHICLE)!.crew).toEqual(expected);
    const live = await waitFor(() => crewEvents.dispatcher.find((e) => e.vehicleId === VEHICLE), 'vehicle.crew_changed at the dispatch centre');
    expect(VehicleCrewChangedEventSchema.parse(live)).toEqual({ vehicleId: VEHICLE, crew: expected, crewUpdatedAt: answered.crewUpdatedAt });
    await waitFor(() => crewEvents.ownCrew.find((e) => e.vehicleId === VEHICLE), "vehicle.crew_changed on the vehicle's own tablet");
    // another ambulance's tablet is not told
    expect(crewEvents.otherCrew).toEqual([]);
  });

  it("should show the crew's phones masked to other crews and ER clinicians, whole to the vehicle's own crew", async () => {
    const masked = [
      { role: 'doctor', name: '孙明', phone: '138****0101' },
      { role: 'nurse', name: '周雪梅' },
      { role: 'driver', name: '吴国庆', phone: '055*-***0102' },
    ];
    for (const token of [otherCrew, er]) {
      expect((await vehicleAs(token, VEHICLE)).crew).toEqual(masked);
      expect((await fleetAs(token)).find((v) => v.id === VEHICLE)!.crew).toEqual(masked);
    }
    expect((await vehicleAs(ownCrew, VEHICLE)).crew[0]!.phone).toBe('13855550101');
  });

  it("should refuse another vehicle's crew and an ER clinician with 403 FORBIDDEN and keep the crew", async () => {
    const body = { crew: [{ role: 'driver', name: '冒名' }] };
    for (const token of [otherCrew, er]) {
      const res = await putCrew(token, VEHICLE, body);
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('FORBIDDEN');
    }
    expect((await vehicleAs(dispatcher, VEHICLE)).crew.map((m) => m.name)).toEqual(['孙明', '周雪梅', '吴国庆']);
  });

  it.each([
    ['no crew field', {}],
    ['a blank name', { crew: [{ role: 'doctor', name: '  ' }] }],
    ['a name over 50 characters', { crew: [{ role: 'doctor', name: '孙'.repeat(51) }] }],
    ['a NUL in a name', { crew: [{ role: 'doctor', name: '孙\u0000明' }] }],
    ['a control character in a name', { crew: [{ role: 'doctor', name: '孙\u0007明' }] }],
    ['an unknown role', { crew: [{ role: 'pilot', name: '孙明' }] }],
    ['letters as a phone', { crew: [{ role: 'doctor', name: '孙明', phone: 'ring me' }] }],
    ['seven people', { crew: Array.from({ length: 7 }, (_, i) => ({ role: 'nurse', name: `护士${i}` })) }],
    ['a crew that is not a list', { crew: 'everyone' }],
  ])('should refuse a body with %s with 400 VALIDATION_FAILED', async (_case, body) => {
    const res = await putCrew(ownCrew, VEHICLE, body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION_FAILED');
  });

  it('should answer a dispatcher setting the crew of an unknown vehicle with 404 VEHICLE_NOT_FOUND', async () => {
    const res = await putCrew(dispatcher, 'no-such-ambulance', { crew: [] });
    expect(res.status).toBe(404);
    expect(await errorCode(res)).toBe('VEHICLE_NOT_FOUND');
  });

  it('should let a dispatcher change any crew, and keep every change in the audit log with who and before/after', async () => {
    const res = await putCrew(dispatcher, VEHICLE, { crew: [{ role: 'paramedic', name: '郑文斌', phone: '18655550103' }, { role: 'driver', name: '吴国庆' }] });
    expect(res.status).toBe(200);
    const page = await sut.api(`/api/v1/audit?entity=vehicle&entityId=${VEHICLE}`, { token: admin });
    expect(page.status).toBe(200);
    const changes = AuditPageSchema.parse(await page.json()).items.filter((e) => e.action === 'crew');
    expect(changes.map((e) => e.actor)).toEqual(['user:dispatcher', `user:crew-${VEHICLE}`]);
    const [byDispatcher, byCrew] = changes;
    expect(byCrew!.before).toEqual({ crew: expect.arrayContaining([expect.objectContaining({ role: 'doctor' })]) as unknown });
    expect(byCrew!.after).toEqual({
      crew: [
        { role: 'doctor', name: '孙明', phone: '13855550101' },
        { role: 'nurse', name: '周雪梅' },
        { role: 'driver', name: '吴国庆', phone: '0556-5550102' },
      ],
    });
    expect(byDispatcher!.before).toEqual(byCrew!.after);
    expect(byDispatcher!.after).toEqual({ crew: [{ role: 'paramedic', name: '郑文斌', phone: '18655550103' }, { role: 'driver', name: '吴国庆' }] });
    expect(byCrew!.sourceAddress).not.toBeNull();
  });

  it('should document the route in the OpenAPI description with its body and its refusals', async () => {
    const doc = (await (await sut.api('/api/docs-json')).json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown> }>>;
    };
    const put = doc.paths['/api/v1/vehicles/{id}/crew']?.put;
    expect(put?.requestBody).toBeDefined();
    expect(Object.keys(put?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
  });

  it('should let the crew clear its roster (nobody on board)', async () => {
    const res = await putCrew(ownCrew, VEHICLE, { crew: [] });
    expect(res.status).toBe(200);
    expect((await vehicleAs(dispatcher, VEHICLE)).crew).toEqual([]);
  });
});
