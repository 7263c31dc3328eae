import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LatLonPoint } from '@feijiu/geo';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GreatCircleRouting } from './great-circle-routing';
import { OsrmRouting } from './osrm-routing';

// No OSRM server can run here (it needs a prepared .osrm extract of the road network), so the
// test starts a local stand-in on 127.0.0.1 that speaks OSRM's table service as documented
// (http://project-osrm.org/docs/v5.24.0/api/#table-service): GET
// /table/v1/driving/{lon,lat;…}?sources=…&destinations=…&annotations=duration,distance, answered with
// {code:'Ok', durations, distances} (rows = sources, columns = destinations; null where no route)
// or an error code such as {code:'NoSegment', message} with HTTP 400.

const SCENE = { lat: 30.08598, lon: 118.353187 };
const NEAR = { lat: 30.1, lon: 118.33 };
const FAR = { lat: 30.059, lon: 118.561 };
const ISLAND = { lat: 30.2, lon: 118.9 };

/** What the stand-in's road network knows: from each origin ("lon,lat" as sent) to SCENE. */
const ROUTES_TO_SCENE = new Map<string, { durationSec: number; distanceM: number } | null>([
  ['118.330000,30.100000', { durationSec: 301.5, distanceM: 3150.2 }],
  ['118.561000,30.059000', { durationSec: 1180.4, distanceM: 24_420.8 }],
  ['118.900000,30.200000', null], // no road reaches it
]);

type Behaviour = 'table' | 'no-segment' | 'html-502' | 'silent' | 'stalled-body';

describe(OsrmRouting.name, () => {
  let server: Server;
  let baseUrl: string;
  let behaviour: Behaviour;
  let requests: URL[];
  const fallback = new GreatCircleRouting(1.3);

  function answerTable(url: URL, res: ServerResponse): void {
    const match = /^\/table\/v1\/driving\/([^/]+)$/.exec(url.pathname);
    if (!match) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'InvalidUrl', message: 'URL string malformed' }));
      return;
    }
    const coordinates = decodeURIComponent(match[1]!).split(';');
    const pick = (param: string) => url.searchParams.get(param)!.split(';').map(Number);
    const sources = pick('sources');
    const destinations = pick('destinations');
    // this stand-in only knows routes to SCENE; a wrong destination would be a wrong table
    const sceneKey = `${SCENE.lon.toFixed(6)},${SCENE.lat.toFixed(6)}`;
    if (destinations.some((d) => coordinates[d] !== sceneKey)) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'InvalidQuery', message: 'unknown destination' }));
      return;
    }
    const rows = sources.map((s) => destinations.map(() => ROUTES_TO_SCENE.get(coordinates[s]!) ?? null));
    res.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        code: 'Ok',
        durations: rows.map((row) => row.map((cell) => cell?.durationSec ?? null)),
        distances: rows.map((row) => row.map((cell) => cell?.distanceM ?? null)),
        sources: sources.map((s) => ({ location: coordinates[s]!.split(',').map(Number), name: '', distance: 0 })),
        destinations: destinations.map((d) => ({ location: coordinates[d]!.split(',').map(Number), name: '', distance: 0 })),
      }),
    );
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url!, 'http://osrm.local');
    requests.push(url);
    switch (behaviour) {
      case 'table':
        return answerTable(url, res);
      case 'no-segment':
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'NoSegment', message: 'Could not find a matching segment for any coordinate.' }));
        return;
      case 'html-502':
        res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
        return;
      case 'silent':
        return; // never answers
      case 'stalled-body':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"code":"Ok","durations":[[30');
        return; // never finishes the body
    }
  }

  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    behaviour = 'table';
    requests = [];
  });

  const fallbackFor = (origins: LatLonPoint[]) => fallback.estimateTo(SCENE, origins);

  it('should read each ambulance’s duration and distance from one table request', async () => {
    const sut = new OsrmRouting(baseUrl, fallback);
    const estimates = await sut.estimateTo(SCENE, [FAR, NEAR]);
    expect(estimates).toEqual([
      { etaSec: 1180.4, distanceM: 24_420.8 },
      { etaSec: 301.5, distanceM: 3150.2 },
    ]);
    expect(requests).toHaveLength(1);
    expect(requests[0]!.searchParams.get('annotations')).toBe('duration,distance');
  });

  it('should accept a base URL with a trailing slash', async () => {
    const sut = new OsrmRouting(`${baseUrl}/`, fallback);
    await expect(sut.estimateTo(SCENE, [NEAR])).resolves.toEqual([{ etaSec: 301.5, distanceM: 3150.2 }]);
  });

  it('should give no estimate for an ambulance OSRM finds no route from, and keep the others', async () => {
    const sut = new OsrmRouting(baseUrl, fallback);
    const estimates = await sut.estimateTo(SCENE, [NEAR, ISLAND, FAR]);
    expect(estimates).toEqual([{ etaSec: 301.5, distanceM: 3150.2 }, null, { etaSec: 1180.4, distanceM: 24_420.8 }]);
  });

  it('should not ask OSRM when there is no ambulance to route', async () => {
    await expect(new OsrmRouting(baseUrl, fallback).estimateTo(SCENE, [])).resolves.toEqual([]);
    expect(requests).toHaveLength(0);
  });

  it.each<[string, Behaviour]>([
    ['an OSRM error code', 'no-segment'],
    ['a proxy’s HTML error page', 'html-502'],
  ])('should fall back to the great-circle estimate on %s', async (_, answer) => {
    behaviour = answer;
    const sut = new OsrmRouting(baseUrl, fallback);
    const origins = [NEAR, FAR];
    await expect(sut.estimateTo(SCENE, origins)).resolves.toEqual(await fallbackFor(origins));
    expect(requests).toHaveLength(1);
  });

  it.each<[string, Behaviour]>([
    ['does not answer', 'silent'],
    ['stops in the middle of its answer', 'stalled-body'],
  ])('should fall back to the great-circle estimate when OSRM %s within the timeout', async (_, answer) => {
    behaviour = answer;
    const sut = new OsrmRouting(baseUrl, fallback, 200);
    const origins = [NEAR];
    await expect(sut.estimateTo(SCENE, origins)).resolves.toEqual(await fallbackFor(origins));
  });

  it('should fall back to the great-circle estimate when nothing listens at the OSRM address', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const sut = new OsrmRouting(`http://127.0.0.1:${port}`, fallback);
    await expect(sut.estimateTo(SCENE, [FAR])).resolves.toEqual(await fallbackFor([FAR]));
  });
});
