import type { MQTT_PAYLOAD_SCHEMAS, VehicleTopicKind } from '@feijiu/contracts';
import type { z } from 'zod';

export type VehiclePayload<K extends VehicleTopicKind> = z.infer<(typeof MQTT_PAYLOAD_SCHEMAS)[K]>;

/** A gateway message that passed topic parsing and schema validation. */
export interface VehicleMessage<K extends VehicleTopicKind> {
  vehicleId: string;
  kind: K;
  payload: VehiclePayload<K>;
  receivedAt: Date;
}

export type VehicleMessageHandler<K extends VehicleTopicKind> = (msg: VehicleMessage<K>) => Promise<void>;
