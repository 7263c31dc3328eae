import type { Vehicle } from '@feijiu/contracts';
import { escapeHtml } from './escape-html';

/** The marker's inner HTML: a status-coloured dot, a heading arrow when the heading is known, the call sign. */
export function renderVehicleIconHtml(vehicle: Pick<Vehicle, 'id' | 'callSign' | 'status'>, headingDeg: number | null): string {
  const arrow =
    headingDeg === null
      ? ''
      : `<span class="vehicle-heading" style="transform:rotate(${Math.round(headingDeg)}deg)"></span>`;
  return (
    `<div class="vehicle-marker status-${vehicle.status}" data-vehicle-id="${escapeHtml(vehicle.id)}">` +
    `${arrow}<span class="vehicle-dot"></span>` +
    `<span class="vehicle-label">${escapeHtml(vehicle.callSign)}</span></div>`
  );
}
