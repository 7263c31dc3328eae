import type { VitalRow } from '@feijiu/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchVitals, nextLink } from './telemetry-api';
import { saveToken } from './token-store';

const row = (sec: number): VitalRow => ({
  monitorId: 'm1',
  code: 'HR',
  value: 60 + sec,
  unit: '/min',
  measuredAt: new Date(Date.UTC(2026, 0, 1, 8, 0, sec)).toISOString(),
  receivedAt: new Date(Date.UTC(2026, 0, 1, 8, 0, sec)).toISOString(),
  flags: [],
});

// A core that caps each page at two rows, newest first, and links to the older ones.
function stubCore(pages: Record<string, { rows: VitalRow[]; next: string | null }>): string[] {
  const asked: string[] = [];
  const storage = new Map<string, string>();
  vi.stubGlobal('sessionStorage', { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => storage.set(k, v), removeItem: (k: string) => storage.delete(k) });
  saveToken(sessionStorage, 'token', 600, Date.now());
  vi.stubGlobal('fetch', async (path: string) => {
    asked.push(path);
    const page = pages[path.slice(0, path.indexOf('?'))]!;
    const headers = new Headers({ 'X-Truncated': String(page.next !== null) });
    if (page.next) headers.set('Link', `<${page.next}>; rel="next"`);
    return new Response(JSON.stringify(page.rows), { status: 200, headers });
  });
  return asked;
}

describe(fetchVitals.name, () => {
  afterEach(() => vi.unstubAllGlobals());

  it('should follow the link to the older rows of a capped history and put them first', async () => {
    const asked = stubCore({
      '/api/v1/vehicles/lh-01/vitals': { rows: [row(3), row(4)], next: '/api/v1/vehicles/lh-01/older?until=b' },
      '/api/v1/vehicles/lh-01/older': { rows: [row(1), row(2)], next: null },
    });

    const sut = await fetchVitals('lh-01', '2026-01-01T08:00:00.000Z');

    expect(sut.rows.map((r) => r.value)).toEqual([61, 62, 63, 64]);
    expect(sut.truncated).toBe(false);
    expect(asked).toHaveLength(2);
  });

  it('should stop after the pages it may read and say the history is still capped', async () => {
    stubCore({ '/api/v1/vehicles/lh-01/vitals': { rows: [row(3), row(4)], next: '/api/v1/vehicles/lh-01/vitals?until=a' } });
    const sut = await fetchVitals('lh-01', '2026-01-01T08:00:00.000Z', undefined, 2);
    expect(sut.truncated).toBe(true);
  });
});

describe(nextLink.name, () => {
  it.each([
    ['</api/v1/vehicles/x/vitals?until=1>; rel="next"', '/api/v1/vehicles/x/vitals?until=1'],
    ['<https://elsewhere.example/api/v1/x>; rel="next"', null],
    ['</api/v1/vehicles/x/vitals>; rel="prev"', null],
    [null, null],
  ])('should read %j as %j', (link, expected) => {
    expect(nextLink(link)).toBe(expected);
  });
});
