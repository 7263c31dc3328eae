import type { Incident } from '@feijiu/contracts';
import { escapeHtml } from './escape-html';

/** The incident marker: a priority-coloured diamond and a short label (the complaint). */
export function renderIncidentIconHtml(
  incident: Pick<Incident, 'id' | 'priority' | 'complaint' | 'status'>,
  selected: boolean,
): string {
  const label = incident.complaint.length > 10 ? `${incident.complaint.slice(0, 10)}…` : incident.complaint;
  return (
    `<div class="incident-marker priority-${incident.priority}${selected ? ' selected' : ''}" ` +
    `data-testid="incident-marker" data-incident-id="${escapeHtml(incident.id)}" data-status="${incident.status}">` +
    `<span class="incident-diamond"><span class="incident-glyph">!</span></span>` +
    `<span class="incident-label">${escapeHtml(label)}</span></div>`
  );
}
