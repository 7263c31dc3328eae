import { buildVehicleTopic } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import mqtt, { type MqttClient } from 'mqtt';
import { DEMO_PASSWORD, type Harness } from './core-harness';

/** A demo county facility (station or hospital) by id. */
export const findFacility = (id: string) => DEMO_COUNTY.facilities.find((f) => f.id === id)!;

/** The station a demo ambulance stands at. */
export const findHomeStation = (vehicleId: string) => findFacility(DEMO_COUNTY.vehicles.find((v) => v.id === vehicleId)!.stationId);

/** The demo ambulances' gateways on the harness's broker, as their own vehicle ids. */
export interface FleetDriver {
  /** The gateway of `vehicleId`, connected on first use and kept until `stop()`. */
  gateway(vehicleId: string): Promise<MqttClient>;
  /** Publishes a GPS fix of `vehicleId` measured at `ts` (QoS 1). */
  publishFix(vehicleId: string, lat: number, lon: number, ts: Date, speedMps?: number): Promise<void>;
  /**
   * Parks `vehicleId` at its station with a fix an hour ahead, later than any a test sends: the
   * medium files share one database and the next one expects it home.
   */
  driveHome(vehicleId: string): Promise<void>;
  /** Disconnects every gateway. */
  stop(): Promise<void>;
}

export function createFleetDriver(sut: Harness, options: { headingDeg?: number } = {}): FleetDriver {
  const { headingDeg = 0 } = options;
  const gateways = new Map<string, MqttClient>();
  // unique on the database the medium files share
  let gpsSeq = Date.now();

  const gateway = async (vehicleId: string) => {
    let gw = gateways.get(vehicleId);
    if (!gw) {
      gw = await mqtt.connectAsync(sut.mqttUrl, { username: vehicleId, password: DEMO_PASSWORD, protocolVersion: 4 });
      gateways.set(vehicleId, gw);
    }
    return gw;
  };
  const publishFix = async (vehicleId: string, lat: number, lon: number, ts: Date, speedMps = 12) => {
    const gw = await gateway(vehicleId);
    await gw.publishAsync(buildVehicleTopic(vehicleId, 'gps'), JSON.stringify({ seq: ++gpsSeq, ts: ts.toISOString(), lat, lon, speedMps, headingDeg }), { qos: 1 });
  };
  return {
    gateway,
    publishFix,
    async driveHome(vehicleId) {
      const home = findHomeStation(vehicleId);
      await publishFix(vehicleId, home.lat, home.lon, new Date(Date.now() + 3_600_000), 0);
    },
    async stop() {
      for (const gw of gateways.values()) await gw.endAsync();
    },
  };
}
