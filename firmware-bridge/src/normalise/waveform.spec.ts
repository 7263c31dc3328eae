import { WaveformMessageSchema } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { encodeSamples, normaliseWaveform, type WaveformChannelInput } from './waveform';

const NOW = new Date('2026-11-22T08:00:00.000Z');
const channel = (over: Partial<WaveformChannelInput> & Pick<WaveformChannelInput, 'lead'>): WaveformChannelInput => ({
  hz: 500,
  resolution: 0.001221,
  unit: 'mV',
  samples: Int16Array.from([0, 10, -10, 244]),
  invalidSampleCount: 0,
  ...over,
});

describe(encodeSamples.name, () => {
  it('should lay samples out as int16 little-endian, lead after lead', () => {
    const data = encodeSamples([Int16Array.from([1, -2]), Int16Array.from([32767, 256])]);
    expect([...Buffer.from(data, 'base64')]).toEqual([0x01, 0x00, 0xfe, 0xff, 0xff, 0x7f, 0x00, 0x01]);
  });
});

describe(normaliseWaveform.name, () => {
  it('should put leads of one rate and scale in one message with lsbUv in microvolts', () => {
    const sut = normaliseWaveform(
      { monitorId: 'm1', t0: '2026-11-22T16:00:00.000+08:00', demo: false, channels: [channel({ lead: 'I' }), channel({ lead: 'II', samples: Int16Array.from([5, 6, 7, 8]) })] },
      NOW,
    );
    expect(sut.dropped).toEqual([]);
    expect(sut.messages).toEqual([
      {
        t0: '2026-11-22T08:00:00.000Z',
        monitorId: 'm1',
        hz: 500,
        leads: ['I', 'II'],
        lsbUv: 1.221,
        data: encodeSamples([Int16Array.from([0, 10, -10, 244]), Int16Array.from([5, 6, 7, 8])]),
      },
    ]);
    expect(WaveformMessageSchema.safeParse({ seq: 1, ...sut.messages[0] }).success).toBe(true);
  });

  it('should send channels of different rates in separate messages', () => {
    const sut = normaliseWaveform(
      {
        monitorId: 'm1',
        t0: null,
        demo: false,
        channels: [channel({ lead: 'II' }), channel({ lead: 'PLETH', hz: 125, resolution: 1, unit: '1', samples: Int16Array.from([100, 200]) })],
      },
      NOW,
    );
    expect(sut.messages.map((m) => [m.leads, m.hz, m.lsbUv, m.t0])).toEqual([
      [['II'], 500, 1.221, NOW.toISOString()],
      [['PLETH'], 125, 1, NOW.toISOString()],
    ]);
  });

  it('should drop a channel whose samples are all invalid and keep gaps inside valid data', () => {
    const sut = normaliseWaveform(
      {
        monitorId: 'm1',
        t0: null,
        demo: false,
        channels: [
          channel({ lead: 'I', samples: Int16Array.from([1, 32767, 3, 4]), invalidSampleCount: 1 }),
          channel({ lead: 'PLETH', unit: '1', resolution: 1, samples: Int16Array.from([32767, 32767, 32767, 32767]), invalidSampleCount: 4 }),
        ],
      },
      NOW,
    );
    expect(sut.dropped).toEqual([{ lead: 'PLETH', reason: 'no valid samples' }]);
    expect(sut.messages).toHaveLength(1);
    expect([...Buffer.from(sut.messages[0]!.data, 'base64')]).toEqual([1, 0, 0xff, 0x7f, 3, 0, 4, 0]);
  });

  it('should refuse to scale an ECG lead whose unit is not a voltage', () => {
    const sut = normaliseWaveform({ monitorId: 'm1', t0: null, demo: false, channels: [channel({ lead: 'V1', unit: 'mmHg' })] }, NOW);
    expect(sut.messages).toEqual([]);
    expect(sut.dropped).toEqual([{ lead: 'V1', reason: 'unusable scale' }]);
  });

  it('should flag demo-mode waveforms', () => {
    const sut = normaliseWaveform({ monitorId: 'm2', t0: null, demo: true, channels: [channel({ lead: 'I' })] }, NOW);
    expect(sut.messages[0]!.flags).toEqual(['demo']);
  });
});
