import type { IncidentPriority } from '@feijiu/contracts';

// One colour per priority for markers, queue bars and toggles (CSS reads --priority-colour).
export const PRIORITY_COLOURS: Record<IncidentPriority, string> = {
  critical: '#dc2626',
  urgent: '#f59e0b',
  non_urgent: '#2563eb',
};
