import type { LatLon } from '@feijiu/contracts';
import type { AssignmentLine } from '../map/incident-focus-layer';

/** What DispatchMap.vue exposes to its parent through a template ref. */
export interface DispatchMapHandle {
  focusVehicle(vehicleId: string): void;
  focusLocation(location: LatLon, radiusM: number): void;
}

/** The selected incident as the map draws it: radius rings and lines from its vehicles. */
export interface IncidentFocus {
  centre: LatLon;
  ringsKm: readonly number[];
  lines: AssignmentLine[];
}
