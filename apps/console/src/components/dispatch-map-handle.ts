/** What DispatchMap.vue exposes to its parent through a template ref. */
export interface DispatchMapHandle {
  focusVehicle(vehicleId: string): void;
}
