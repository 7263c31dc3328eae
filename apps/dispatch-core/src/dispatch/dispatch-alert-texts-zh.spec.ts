import { translateToZh } from '@feijiu/clinical';
import type { AlertRaisedEvent } from '@feijiu/contracts';
import { DEMO_COUNTY } from '@feijiu/geo';
import { describe, expect, it } from 'vitest';
import { departureLateText, news2RiseText, offerUnansweredText, prenoticeUnacknowledgedText, telemetryStaleText } from './dispatch-alert-texts';

// The dispatch console shows every alert's message in Chinese through the phrasebook in
// @feijiu/clinical. Each kind's sentences, in every branch, must have a rendering carrying their
// numbers, or a zh-CN dispatcher reads English. A new kind fails to compile here until it is added.
const TEXTS_BY_KIND: Record<AlertRaisedEvent['kind'], string[]> = {
  departure_late: [
    departureLateText('lh-01', 200, 180),
    departureLateText('lh-01', 241.4, 240),
    departureLateText('shangxi-01', 95, 90),
    departureLateText('baishan-01', 7, 6),
  ],
  offer_unanswered: [
    ...DEMO_COUNTY.vehicles.slice(0, 3).map((v) => offerUnansweredText('xinan-01', { callSign: v.callSign, etaSec: 430 })),
    offerUnansweredText('lh-10', { callSign: 'BENCH-17', etaSec: 61 }),
    offerUnansweredText('xinan-01', undefined),
  ],
  telemetry_stale: [telemetryStaleText('tcm-03', 42.4), telemetryStaleText('lh-02', 305)],
  news2_rise: [
    ...(['low', 'low_medium', 'medium', 'high'] as const).map((category) => news2RiseText('lh-05', { score: 7, category }, 1.2)),
    news2RiseText('gh2-01', { score: 5, category: 'medium' }, 0.857),
    news2RiseText('gh2-01', { score: 12, category: 'high' }, null),
    news2RiseText('gh2-01', { score: null, category: 'high' }, 1.05),
  ],
  prenotice_unacknowledged: [prenoticeUnacknowledgedText('20260301-0007', 120), prenoticeUnacknowledgedText('20261231-12345', 90)],
  // nothing in the core raises `other`; its kind is labelled in the console
  other: [],
};
const texts = Object.values(TEXTS_BY_KIND).flat();

const numbersIn = (text: string) => text.match(/(?<![\w.])\d+(?:\.\d+)?(?!\w)/g) ?? [];
// English the templates write around their slots; none of it may survive the translation
const ENGLISH_WORDS = /\b(?:s|min|ETA|offer|order|target|departed|proposed|next|free|vitals|ECG|shock|index|pre-notice|incident|not|for|after|low|low_medium|medium|high)\b/;

describe('dispatcher alert texts in Chinese', () => {
  it('should write the sentences the core has always written (the audit keeps them)', () => {
    expect(telemetryStaleText('tcm-03', 42.4)).toBe('no vitals/ECG from tcm-03 for 42 s');
    expect(news2RiseText('lh-05', { score: 7, category: 'high' }, 1.2)).toBe('NEWS2 7 (high), shock index 1.20 for lh-05');
    expect(news2RiseText('lh-05', { score: 7, category: 'high' }, null)).toBe('NEWS2 7 (high), shock index — for lh-05');
    expect(prenoticeUnacknowledgedText('20260301-0007', 120)).toBe('pre-notice for incident 20260301-0007 not acknowledged after 120 s');
  });

  it.each(texts)('should render "%s" in Chinese with its numbers', (text) => {
    const zh = translateToZh(text);
    expect(zh).not.toBeNull();
    expect(zh).toMatch(/[\u4e00-\u9fff]/);
    expect(zh).not.toMatch(/[{}]/);
    expect(zh).not.toMatch(ENGLISH_WORDS);
    expect(numbersIn(zh!).sort()).toEqual(numbersIn(text).sort());
  });

  it('should name the NEWS2 band, the proposed call sign and the target unit in Chinese', () => {
    expect(translateToZh(news2RiseText('lh-05', { score: 7, category: 'high' }, 1.2))).toBe('lh-05 NEWS2 7 分（高风险），休克指数 1.20');
    expect(translateToZh(offerUnansweredText('xinan-01', { callSign: '澄溪120-36', etaSec: 430 }))).toBe('xinan-01 未应答派车；建议改派 澄溪120-36（预计 7 分钟到达）');
    expect(translateToZh(departureLateText('lh-01', 200, 180))).toBe('lh-01 派车指令下达 200 秒仍未出车（目标 3 分钟）');
    expect(translateToZh(departureLateText('lh-01', 95, 90))).toBe('lh-01 派车指令下达 95 秒仍未出车（目标 90 秒）');
  });
});
