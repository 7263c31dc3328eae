import { INCIDENT_STATUS_NODES, TIME_NODES, type CreateTimelineStampRequest, type TimeNode } from '@feijiu/contracts';

// The dispatcher's manual stamp or correction of a time node: a local date-time input (to the
// minute, as time nodes are kept) turned into the request, refusing times in the future.

const pad = (n: number) => String(n).padStart(2, '0');
/** Clock drift between the console and the server that still counts as "now". */
const FUTURE_SLACK_MS = 60_000;

/** 'YYYY-MM-DDTHH:mm' on the local clock, for <input type="datetime-local">. */
export function toLocalInputValue(instant: string | number): string {
  const at = new Date(instant);
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

export function fromLocalInputValue(value: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [, y, mo, d, h, mi] = match.map(Number) as [number, number, number, number, number, number];
  const at = new Date(y, mo - 1, d, h, mi);
  return Number.isNaN(at.getTime()) || at.getMonth() !== mo - 1 ? null : at.toISOString();
}

const STATUS_NODES: ReadonlySet<TimeNode> = new Set(INCIDENT_STATUS_NODES);

/**
 * The nodes a person may pick: not the incident's status changes, which the server stamps with the
 * status and refuses by hand, unless it is the node of the stamp being corrected.
 */
export function stampableNodes(correcting: TimeNode | null): TimeNode[] {
  return TIME_NODES.filter((node) => !STATUS_NODES.has(node) || node === correcting);
}

export interface StampDraft {
  node: TimeNode;
  localAt: string;
  note: string;
  /** The stamp this one corrects. */
  supersedes: string | null;
}

export type StampProblem = 'invalid_time' | 'future';

export function buildStampRequest(draft: StampDraft, nowMs: number): { request: CreateTimelineStampRequest } | { problem: StampProblem } {
  const at = fromLocalInputValue(draft.localAt);
  if (!at) return { problem: 'invalid_time' };
  if (Date.parse(at) > nowMs + FUTURE_SLACK_MS) return { problem: 'future' };
  const note = draft.note.trim();
  return {
    request: { node: draft.node, at, ...(note ? { note: note.slice(0, 500) } : {}), ...(draft.supersedes ? { supersedes: draft.supersedes } : {}) },
  };
}
