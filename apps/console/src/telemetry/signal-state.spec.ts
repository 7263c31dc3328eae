import { describe, expect, it } from 'vitest';
import { DEMO_MARK_FRESH_MS, demoOf, initialSignalState, isSignalLost, noteHistoryDemo, noteSample, noteStaleEvent, silentForMs } from './signal-state';

const NOW = 1_000_000;

describe(isSignalLost.name, () => {
  it('should be live right after a sample and lost after 10 s of silence', () => {
    const sut = noteSample(initialSignalState(), 'm1', [], NOW);
    expect(isSignalLost(sut, NOW + 9_000)).toBe(false);
    expect(isSignalLost(sut, NOW + 11_000)).toBe(true);
    expect(silentForMs(sut, NOW + 83_000)).toBe(83_000);
  });

  it('should be lost as soon as the server reports the stream stale, and live again on the next sample', () => {
    const stale = noteStaleEvent(noteSample(initialSignalState(), 'm1', [], NOW), { stale: true, silentForSec: 12 }, NOW + 2_000);
    expect(isSignalLost(stale, NOW + 2_000)).toBe(true);
    expect(isSignalLost(noteSample(stale, 'm1', [], NOW + 3_000), NOW + 3_000)).toBe(false);
  });

  it('should count the silence from the server when the browser never saw a sample', () => {
    const sut = noteStaleEvent(initialSignalState(), { stale: true, silentForSec: 30 }, NOW);
    expect(silentForMs(sut, NOW + 5_000)).toBe(35_000);
  });

  it('should not call a board that never had data lost', () => {
    expect(isSignalLost(initialSignalState(), NOW)).toBe(false);
  });

  it('should count a sample flagged late as the link delivering again', () => {
    const sut = noteSample(noteSample(initialSignalState(), 'm1', [], NOW), 'm1', ['late'], NOW + 20_000);
    expect(isSignalLost(sut, NOW + 20_000)).toBe(false);
  });
});

describe(noteSample.name, () => {
  it('should flag a monitor as demo while its newest live sample is demo data', () => {
    expect(demoOf(noteSample(initialSignalState(), 'm1', ['demo'], NOW), NOW)).toBe('all');
    expect(demoOf(noteSample(noteSample(initialSignalState(), 'm1', ['demo'], NOW), 'm1', [], NOW + 1), NOW + 1)).toBe('none');
  });

  it('should keep demo per monitor: a real monitor beside a demo one does not flip the badge', () => {
    let sut = initialSignalState();
    for (let i = 0; i < 4; i++) {
      sut = noteSample(sut, 'demo-mon', ['demo'], NOW + i * 2);
      expect(demoOf(sut, NOW + i * 2)).toBe(i === 0 ? 'all' : 'some');
      sut = noteSample(sut, 'real-mon', [], NOW + i * 2 + 1);
      expect(demoOf(sut, NOW + i * 2 + 1)).toBe('some');
    }
  });
});

describe(demoOf.name, () => {
  it('should forget a demo monitor no longer heard: the real one beside it is all the card shows', () => {
    let sut = noteSample(noteSample(initialSignalState(), 'demo-mon', ['demo'], NOW), 'real-mon', [], NOW);
    // the demo monitor is switched off; the real one goes on
    for (let t = NOW + 10_000; t <= NOW + DEMO_MARK_FRESH_MS + 10_000; t += 10_000) sut = noteSample(sut, 'real-mon', [], t);
    expect(demoOf(sut, NOW + DEMO_MARK_FRESH_MS + 10_000)).toBe('none');
  });

  it('should still mark a silent card by the monitors it heard last', () => {
    const sut = noteSample(noteSample(initialSignalState(), 'old-real', [], NOW), 'demo-mon', ['demo'], NOW + 5 * DEMO_MARK_FRESH_MS);
    expect(demoOf(sut, NOW + 50 * DEMO_MARK_FRESH_MS)).toBe('all');
  });

  it('should judge a monitor known only from the history by when its newest row arrived', () => {
    const sut = noteSample(noteHistoryDemo(initialSignalState(), 'demo-mon', true, NOW - 10 * DEMO_MARK_FRESH_MS), 'real-mon', [], NOW);
    expect(demoOf(sut, NOW)).toBe('none');
    expect(demoOf(noteHistoryDemo(initialSignalState(), 'demo-mon', true, NOW - 1000), NOW)).toBe('all');
  });
});
