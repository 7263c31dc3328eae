import type { LatLonPoint, TravelEstimate } from '@feijiu/geo';

/** Answers "how far and how long from each of these points to there" for ranking ambulances. */
export interface RoutingProvider {
  readonly name: string;
  estimateTo(destination: LatLonPoint, origins: readonly LatLonPoint[]): Promise<(TravelEstimate | null)[]>;
}

export const ROUTING_PROVIDER = Symbol('ROUTING_PROVIDER');
