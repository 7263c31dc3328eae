import { EntityIdSchema } from '../common';

export const MQTT_TOPIC_ROOT = 'feijiu/v1/vehicles';
export const VEHICLE_TOPIC_KINDS = ['gps', 'vitals', 'waveform', 'alarm', 'state', 'cmd'] as const;
export type VehicleTopicKind = (typeof VEHICLE_TOPIC_KINDS)[number];

export function buildVehicleTopic(vehicleId: string, kind: VehicleTopicKind): string {
  return `${MQTT_TOPIC_ROOT}/${vehicleId}/${kind}`;
}

/** Subscription filter for one kind across all vehicles, e.g. `feijiu/v1/vehicles/+/gps`. */
export function buildAllVehiclesFilter(kind: VehicleTopicKind): string {
  return `${MQTT_TOPIC_ROOT}/+/${kind}`;
}

export interface VehicleTopic {
  vehicleId: string;
  kind: VehicleTopicKind;
}

/** Splits a topic into vehicle and kind; null for anything that is not a vehicle topic. */
export function parseVehicleTopic(topic: string): VehicleTopic | null {
  const prefix = `${MQTT_TOPIC_ROOT}/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length).split('/');
  if (rest.length !== 2) return null;
  const [vehicleId, kind] = rest as [string, string];
  if (!EntityIdSchema.safeParse(vehicleId).success) return null;
  if (!(VEHICLE_TOPIC_KINDS as readonly string[]).includes(kind)) return null;
  return { vehicleId, kind: kind as VehicleTopicKind };
}
