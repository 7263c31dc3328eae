import { MQTT_TOPIC_ROOT, parseVehicleTopic } from '@feijiu/contracts';

/** Who is on the other end of an MQTT connection to the embedded broker. */
export type BrokerIdentity = { kind: 'core' } | { kind: 'gateway'; vehicleId: string };

const GATEWAY_PUBLISH_KINDS = new Set(['gps', 'vitals', 'waveform', 'alarm', 'state']);

// The same rule as deploy/mosquitto/acl: a gateway writes only under its own prefix (never `cmd`)
// and reads only its own `cmd`; the core reads every vehicle and writes only `cmd`.
export function canPublish(who: BrokerIdentity, topic: string): boolean {
  const t = parseVehicleTopic(topic);
  if (!t) return false;
  if (who.kind === 'core') return t.kind === 'cmd';
  return t.vehicleId === who.vehicleId && GATEWAY_PUBLISH_KINDS.has(t.kind);
}

export function canSubscribe(who: BrokerIdentity, filter: string): boolean {
  if (who.kind === 'core') return filter.startsWith(`${MQTT_TOPIC_ROOT}/`);
  return filter === `${MQTT_TOPIC_ROOT}/${who.vehicleId}/cmd`;
}
