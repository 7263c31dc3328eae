import { findVitalCodeByMdc, type VitalCode } from '@feijiu/contracts';

// MDC codes for vitals we track that the contracts table does not list yet. Each is a method or
// site variant of a tracked sign; the contracts table stays the first authority.
const EXTRA_VITAL_MDC: ReadonlyMap<number, VitalCode> = new Map<number, VitalCode>([
  // Body temperature sites (IEEE 11073-10101 / -10408, as listed in HL7 DK core and the MII ICU
  // module): core, tympanic, rectal, oral, ear, axilla (10408 code), gastro-intestinal, nasal.
  // Skin, finger and toe temperatures are peripheral and deliberately not mapped to TEMP.
  [150368, 'TEMP'], // MDC_TEMP_CORE
  [150392, 'TEMP'], // MDC_TEMP_TYMP
  [188420, 'TEMP'], // MDC_TEMP_RECT
  [188424, 'TEMP'], // MDC_TEMP_ORAL
  [188428, 'TEMP'], // MDC_TEMP_EAR
  [188452, 'TEMP'], // MDC_TEMP_AXILLA (Mindray uses 188496 MDC_TEMP_AXIL, already in contracts)
  [188456, 'TEMP'], // MDC_TEMP_GIT
  [188504, 'TEMP'], // MDC_TEMP_NASAL
  // Respiration rate by method: airway flow (Philips NOM_AWAY_RESP_RATE 20498) and capnography.
  [151570, 'RR'], // MDC_AWAY_RESP_RATE
  [151594, 'RR'], // MDC_CO2_RESP_RATE
  // Invasive arterial pressure labelled ABP (Philips NOM_PRESS_BLD_ART_ABP_* 18965-18967).
  [150037, 'IBP_SYS'], // MDC_PRESS_BLD_ART_ABP_SYS
  [150038, 'IBP_DIA'], // MDC_PRESS_BLD_ART_ABP_DIA
  [150039, 'IBP_MEAN'], // MDC_PRESS_BLD_ART_ABP_MEAN
  // End-tidal CO2 measured by a ventilator module (seen in a Mindray IHE integration's code map).
  [151928, 'ETCO2'], // MDC_VENT_AWAY_CO2_ET
]);

/** The tracked vital for an MDC code: the contracts table first, then the site/method variants above. */
export function resolveVitalCode(mdc: number): VitalCode | undefined {
  return findVitalCodeByMdc(mdc) ?? EXTRA_VITAL_MDC.get(mdc);
}
