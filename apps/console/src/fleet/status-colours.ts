import type { VehicleStatus } from '@feijiu/contracts';

// One colour per status, shared by map markers, list chips and the legend (CSS reads --status-colour).
export const STATUS_COLOURS: Record<VehicleStatus, string> = {
  available: '#16a34a',
  dispatched: '#f59e0b',
  en_route: '#ea580c',
  on_scene: '#dc2626',
  transporting: '#9333ea',
  at_hospital: '#2563eb',
  returning: '#0d9488',
  out_of_service: '#6b7280',
};

/** `.status-<status> { --status-colour: … }` rules, injected once so CSS and code share one palette. */
export function renderStatusColourCss(): string {
  return Object.entries(STATUS_COLOURS)
    .map(([status, colour]) => `.status-${status}{--status-colour:${colour}}`)
    .join('\n');
}
