import { distanceM, type LatLonPoint, type TravelEstimate } from '@feijiu/geo';
import type { RoutingProvider } from './routing-provider';

// Where no road data exists: straight-line distance × a circuity factor (1.3 is typical for
// rural Chinese road networks) at an average ambulance speed.
const AVERAGE_SPEED_KPH = 50;

export class GreatCircleRouting implements RoutingProvider {
  readonly name = 'great-circle';

  constructor(private readonly circuity: number) {}

  estimateTo(destination: LatLonPoint, origins: readonly LatLonPoint[]): Promise<(TravelEstimate | null)[]> {
    return Promise.resolve(
      origins.map((o) => {
        const roadM = distanceM(o, destination) * this.circuity;
        return { distanceM: roadM, etaSec: roadM / (AVERAGE_SPEED_KPH / 3.6) };
      }),
    );
  }
}
