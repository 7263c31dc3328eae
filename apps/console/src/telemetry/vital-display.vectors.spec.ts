import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VitalsSampledEvent } from '@feijiu/contracts';
import { parseHl7Message } from '@feijiu/monitor-protocols';
import { describe, expect, it } from 'vitest';
import { VehicleTelemetry } from './vehicle-telemetry';
import { formatVitalValue, MISSING_VALUE, vitalTiles } from './vital-display';

// Real monitor output (libs/monitor-protocols/vectors, shared/vectors/hl7) through the real parser
// onto the ER card: none of the three sends an ECG heart rate, each sends a pulse rate.
// Type-checked by the root tsconfig (Node types for the file read), not the browser one.

const vector = (name: string): string => readFileSync(join(__dirname, '../../../../libs/monitor-protocols/vectors/hl7', name), 'utf8');

/** The parsed observations as the core streams them (the bridge keeps code, value, unit, time, channel, source). */
function eventOf(name: string): VitalsSampledEvent {
  const parsed = parseHl7Message(vector(name));
  if (!parsed.ok || parsed.message.kind !== 'vitals') throw new Error(`${name} did not parse as vitals`);
  const { messageTime, observations } = parsed.message;
  return {
    vehicleId: 'lh-01',
    incidentId: null,
    monitorId: 'mon-1',
    seq: 1,
    receivedAt: messageTime ?? '2026-01-01T00:00:00Z',
    flags: [],
    obs: observations.map((o) => ({
      code: o.code,
      value: o.value,
      unit: o.unit,
      measuredAt: o.measuredAt ?? messageTime ?? '2026-01-01T00:00:00Z',
      ...(o.channel !== null && { channel: o.channel }),
      ...(o.source !== null && { source: o.source }),
    })),
  };
}

describe(`${vitalTiles.name} with real monitor vectors`, () => {
  it.each([
    // vector file, pulse rate the monitor shows, where the monitor counted it
    ['03_mindray_vs900_ORU_R01_numerics.hl7', '94', 'spo2'], // 149530 MDC_PULS_OXIM_PULS_RATE
    ['06_comen_vs8_ORU_R01_numerics.hl7', '59', null], // 149522 labelled MDC_PULS_RATE: source unknown
    ['09_ihe_pcd01_acme_gateway_nibp_ucum.hl7', '63', 'nibp'], // 149546 MDC_PULS_RATE_NON_INV
  ] as const)('should show the pulse rate of %s as PR %s (source %s), never a dash', (name, shown, source) => {
    const telemetry = new VehicleTelemetry('lh-01');
    const event = eventOf(name);
    telemetry.onVitals(event, Date.parse(event.receivedAt));

    const rate = vitalTiles(telemetry.trends).find((t) => t.id === 'HR');

    expect(rate).toMatchObject({ label: 'PR', source });
    const texts = rate!.values.map((v) => formatVitalValue(v.code, v.reading?.value));
    expect(texts).toEqual([shown]);
    expect(texts).not.toContain(MISSING_VALUE);
  });

  it('should keep the two Comen SpO2 channels apart and show the first one', () => {
    const telemetry = new VehicleTelemetry('lh-01');
    const event = eventOf('06_comen_vs8_ORU_R01_numerics.hl7');
    telemetry.onVitals(event, Date.parse(event.receivedAt));

    expect(telemetry.trends.streams('SPO2').map((s) => s.channel)).toEqual(['1.3.1.150456', '1.3.2.150456']);
    const spo2 = vitalTiles(telemetry.trends).find((t) => t.id === 'SPO2');
    expect(spo2?.values[0]?.reading).toMatchObject({ value: 97, channel: '1.3.1.150456' });
  });
});
