import type { WaveformLead, WaveformSampledEvent } from '@feijiu/contracts';

// A `waveform.sampled` chunk → one Float32Array of millivolts per lead. The payload is int16
// little-endian, lead after lead; 32767 marks a gap (lead off, artefact), which becomes NaN.

export const WAVEFORM_GAP_COUNT = 32767;

export interface DecodedWaveform {
  t0Ms: number;
  hz: number;
  /** Millivolts per lead, NaN where the monitor had no signal. */
  mvByLead: ReadonlyMap<WaveformLead, Float32Array>;
  samplesPerLead: number;
}

function decodeBase64(data: string): Uint8Array {
  const binary = atob(data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeWaveform(event: Pick<WaveformSampledEvent, 't0' | 'hz' | 'leads' | 'lsbUv' | 'data'>): DecodedWaveform {
  const bytes = decodeBase64(event.data);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const totalSamples = Math.floor(bytes.byteLength / 2);
  // A truncated payload keeps only whole samples per lead rather than shifting every lead after it.
  const samplesPerLead = event.leads.length === 0 ? 0 : Math.floor(totalSamples / event.leads.length);
  const mvPerCount = event.lsbUv / 1000;
  const mvByLead = new Map<WaveformLead, Float32Array>();
  event.leads.forEach((lead, leadIndex) => {
    const mv = new Float32Array(samplesPerLead);
    for (let i = 0; i < samplesPerLead; i++) {
      const count = view.getInt16((leadIndex * samplesPerLead + i) * 2, true);
      mv[i] = count === WAVEFORM_GAP_COUNT ? Number.NaN : count * mvPerCount;
    }
    mvByLead.set(lead, mv);
  });
  return { t0Ms: Date.parse(event.t0), hz: event.hz, mvByLead, samplesPerLead };
}
