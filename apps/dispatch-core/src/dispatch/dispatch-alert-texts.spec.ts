import { describe, expect, it } from 'vitest';
import { departureLateText, describeTargetSec, offerUnansweredText } from './dispatch-alert-texts';

describe(departureLateText.name, () => {
  it.each([
    [180, 200, 'lh-01 has not departed 200 s after the order (target 3 min)'],
    [240, 241.4, 'lh-01 has not departed 241 s after the order (target 4 min)'],
    [90, 95, 'lh-01 has not departed 95 s after the order (target 90 s)'],
    [6, 7, 'lh-01 has not departed 7 s after the order (target 6 s)'],
  ])('should name the configured target of %i s', (targetSec, sinceOrderSec, text) => {
    expect(departureLateText('lh-01', sinceOrderSec, targetSec)).toBe(text);
  });
});

describe(describeTargetSec.name, () => {
  it('should say seconds for a target under a minute even when it divides', () => {
    expect(describeTargetSec(30)).toBe('30 s');
    expect(describeTargetSec(60)).toBe('1 min');
  });
});

describe(offerUnansweredText.name, () => {
  it('should propose the next ambulance with its ETA in minutes when there is one', () => {
    expect(offerUnansweredText('xinan-01', { callSign: '澄溪120-36', etaSec: 430 })).toBe('xinan-01 did not answer the offer; proposed next: 澄溪120-36 (ETA 7 min)');
    expect(offerUnansweredText('xinan-01', undefined)).toBe('xinan-01 did not answer the offer; no other ambulance is free');
  });
});
