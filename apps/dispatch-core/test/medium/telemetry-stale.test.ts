import {
  type AlertRaisedEvent,
  buildVehicleTopic,
  type TelemetryStaleEvent,
  TelemetryStaleEventSchema,
  TelemetryStatusSchema,
} from '@feijiu/contracts';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { MqttClient } from 'mqtt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VehicleIncidentBound } from '../../src/dispatch/dispatch.events';
import { type Harness, startHarness, waitFor, waitForConnection } from './support/core-harness';
import { createFleetDriver, type FleetDriver } from './support/fleet-driver';

// A monitor that stops talking must show on the ER chart as "no signal", not as a flat line.
describe('telemetry: a stream that goes silent', () => {
  let sut: Harness;
  let dispatcher: Socket;
  const stale: TelemetryStaleEvent[] = [];
  const alerts: AlertRaisedEvent[] = [];
  let fleet: FleetDriver;
  let seq = Date.now() + 50_000_000;

  const sendVitals = (gw: MqttClient, vehicleId: string) =>
    gw.publishAsync(
      buildVehicleTopic(vehicleId, 'vitals'),
      JSON.stringify({ seq: ++seq, ts: new Date().toISOString(), monitorId: 'm', obs: [{ code: 'HR', value: 90, unit: '/min' }] }),
      { qos: 1 },
    );
  const status = async (vehicleId: string) =>
    TelemetryStatusSchema.parse(await (await sut.api(`/api/v1/vehicles/${vehicleId}/telemetry-status`, { token: await sut.login('dispatcher') })).json());

  beforeAll(async () => {
    sut = await startHarness({ FEIJIU_TELEMETRY_STALE_SEC: '1' });
    fleet = createFleetDriver(sut);
    dispatcher = sut.live(await sut.login('dispatcher'));
    dispatcher.on('telemetry.stale', (e: unknown) => stale.push(TelemetryStaleEventSchema.parse(e)));
    dispatcher.on('alert.raised', (e: AlertRaisedEvent) => alerts.push(e));
    await waitForConnection(dispatcher);
  });
  afterAll(async () => {
    await fleet?.stop();
    await sut?.stop();
  });

  it('should announce a silent stream as stale and as live again when samples resume', async () => {
    const gw = await fleet.gateway('tcm-01');
    await sendVitals(gw, 'tcm-01');
    const silent = await waitFor(() => stale.find((e) => e.vehicleId === 'tcm-01' && e.stale), 'telemetry.stale true', 15_000);
    expect(silent.silentForSec).toBeGreaterThanOrEqual(1);
    expect(silent.lastSampleAt).not.toBeNull();
    expect(silent.incidentId).toBeNull();
    expect(await status('tcm-01')).toMatchObject({ stale: true, online: false });
    // an idle ambulance's monitor going quiet is not an alert
    expect(alerts.some((a) => a.vehicleId === 'tcm-01')).toBe(false);

    await sendVitals(gw, 'tcm-01');
    const back = await waitFor(() => stale.find((e) => e.vehicleId === 'tcm-01' && !e.stale), 'telemetry.stale false', 15_000);
    expect(back.silentForSec).toBeGreaterThanOrEqual(1);
  });

  it('should raise a telemetry_stale alert when the silent vehicle carries a patient', async () => {
    const incidentId = '9d3e2f70-1c55-4e0b-8a3f-2b7d6c1e4f90';
    sut.core.app.get(EventEmitter2).emit(VehicleIncidentBound.eventName, new VehicleIncidentBound('tcm-02', incidentId, 'tcm'));
    const gw = await fleet.gateway('tcm-02');
    await sendVitals(gw, 'tcm-02');
    const alert = await waitFor(() => alerts.find((a) => a.vehicleId === 'tcm-02'), 'alert.raised', 15_000);
    expect(alert).toMatchObject({ kind: 'telemetry_stale', incidentId, severity: 'warning' });
    expect(stale.find((e) => e.vehicleId === 'tcm-02' && e.stale)?.incidentId).toBe(incidentId);
  });

  it("should turn stale at once when the gateway's state says it went offline", async () => {
    const gw = await fleet.gateway('tcm-03');
    await sendVitals(gw, 'tcm-03');
    await gw.publishAsync(
      buildVehicleTopic('tcm-03', 'state'),
      JSON.stringify({ ts: new Date().toISOString(), online: false, monitors: [], outboxDepth: 17 }),
      { qos: 1, retain: true },
    );
    await waitFor(() => stale.find((e) => e.vehicleId === 'tcm-03' && e.stale), 'telemetry.stale after offline state', 15_000);
    expect(await status('tcm-03')).toMatchObject({ online: false, outboxDepth: 17, stale: true });
  });
});
