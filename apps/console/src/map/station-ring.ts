import type { Vehicle } from '@feijiu/contracts';

export type PixelOffset = readonly [dx: number, dy: number];

const SLOTS_PER_RING = 6;
const RING_STEP_PX = 18;

/**
 * Vehicles without a fix all sit on their station's coordinates; spread them on rings of pixel
 * offsets around it (zoom-independent) so each stays clickable and the station marker stays visible.
 */
export function computeStationRingOffsets(vehicles: readonly Vehicle[]): Map<string, PixelOffset> {
  const offsets = new Map<string, PixelOffset>();
  const slotByStation = new Map<string, number>();
  for (const vehicle of vehicles) {
    if (vehicle.position) continue;
    const slot = slotByStation.get(vehicle.stationId) ?? 0;
    slotByStation.set(vehicle.stationId, slot + 1);
    const ring = Math.floor(slot / SLOTS_PER_RING) + 1;
    const angleRad = ((slot % SLOTS_PER_RING) / SLOTS_PER_RING) * 2 * Math.PI + (ring % 2 === 0 ? Math.PI / SLOTS_PER_RING : 0);
    offsets.set(vehicle.id, [
      Math.round(Math.sin(angleRad) * RING_STEP_PX * ring),
      Math.round(-Math.cos(angleRad) * RING_STEP_PX * ring),
    ]);
  }
  return offsets;
}
