import type { LatLonPoint, TravelEstimate } from '@feijiu/geo';
import type { RoutingProvider } from './routing-provider';

interface OsrmTableResponse {
  code: string;
  durations?: (number | null)[][];
  distances?: (number | null)[][];
}

/**
 * Production routing through an OSRM server's table service (one request for all candidates).
 * Falls back to the given provider when OSRM is down, so dispatch never stops for routing.
 */
export class OsrmRouting implements RoutingProvider {
  readonly name = 'osrm';

  constructor(
    private readonly baseUrl: string,
    private readonly fallback: RoutingProvider,
    private readonly timeoutMs = 2000,
  ) {}

  async estimateTo(destination: LatLonPoint, origins: readonly LatLonPoint[]): Promise<(TravelEstimate | null)[]> {
    if (origins.length === 0) return [];
    const coords = [destination, ...origins].map((p) => `${p.lon.toFixed(6)},${p.lat.toFixed(6)}`).join(';');
    const sources = origins.map((_, i) => i + 1).join(';');
    const url = `${this.baseUrl.replace(/\/$/, '')}/table/v1/driving/${coords}?sources=${sources}&destinations=0&annotations=duration,distance`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
      const body = (await res.json()) as OsrmTableResponse;
      if (body.code !== 'Ok' || !body.durations || !body.distances) throw new Error(`OSRM answered ${body.code}`);
      return origins.map((_, i) => {
        const etaSec = body.durations![i]?.[0];
        const dist = body.distances![i]?.[0];
        return etaSec == null || dist == null ? null : { etaSec, distanceM: dist };
      });
    } catch {
      return this.fallback.estimateTo(destination, origins);
    }
  }
}
