import {
  AlarmMessageSchema,
  GatewayStateMessageSchema,
  GpsMessageSchema,
  parseVehicleTopic,
  VitalsMessageSchema,
  WaveformMessageSchema,
  type AlarmMessage,
  type GatewayStateMessage,
  type GpsMessage,
  type VitalsMessage,
  type WaveformMessage,
} from '@feijiu/contracts';
import { connectAsync, type IClientOptions, type MqttClient } from 'mqtt';
import { OBSERVER } from './broker';

// What the core would see: every message the bridge publishes, validated against the contract,
// in arrival order (duplicates included: dedupe by seq is the reader's job, as in the core).

export class ContractSubscriber {
  readonly vitals: VitalsMessage[] = [];
  readonly gps: GpsMessage[] = [];
  readonly waveforms: WaveformMessage[] = [];
  readonly states: GatewayStateMessage[] = [];
  readonly alarms: AlarmMessage[] = [];

  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload) => {
      const parsed = parseVehicleTopic(topic);
      if (!parsed) return;
      const body: unknown = JSON.parse(payload.toString('utf8'));
      if (parsed.kind === 'vitals') this.vitals.push(VitalsMessageSchema.parse(body));
      if (parsed.kind === 'gps') this.gps.push(GpsMessageSchema.parse(body));
      if (parsed.kind === 'waveform') this.waveforms.push(WaveformMessageSchema.parse(body));
      if (parsed.kind === 'state') this.states.push(GatewayStateMessageSchema.parse(body));
      if (parsed.kind === 'alarm') this.alarms.push(AlarmMessageSchema.parse(body));
    });
  }

  /** `extra`: more client options, e.g. the CA (and a client certificate) for an mqtts:// broker. */
  static async connect(url: string, vehicleId: string, extra: IClientOptions = {}): Promise<ContractSubscriber> {
    const client = await connectAsync(url, {
      protocolVersion: 4,
      clientId: `observer-${process.pid}-${Math.random().toString(16).slice(2)}`,
      ...OBSERVER,
      reconnectPeriod: 100,
      reconnectOnConnackError: true,
      ...extra,
    });
    await client.subscribeAsync(`feijiu/v1/vehicles/${vehicleId}/#`, { qos: 1 });
    return new ContractSubscriber(client);
  }

  get lastState(): GatewayStateMessage | undefined {
    return this.states.at(-1);
  }

  async close(): Promise<void> {
    await this.client.endAsync(true);
  }
}

/** First arrival of each seq, in arrival order (what the core keeps). */
export function dedupeBySeq<T extends { seq: number }>(messages: readonly T[]): T[] {
  const seen = new Set<number>();
  return messages.filter((m) => (seen.has(m.seq) ? false : (seen.add(m.seq), true)));
}
