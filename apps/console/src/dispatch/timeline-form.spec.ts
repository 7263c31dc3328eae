import { describe, expect, it } from 'vitest';
import { INCIDENT_STATUS_NODES } from '@feijiu/contracts';
import { buildStampRequest, fromLocalInputValue, stampableNodes, toLocalInputValue } from './timeline-form';

const NOW = new Date(2026, 2, 1, 10, 30, 20).getTime();

describe(fromLocalInputValue.name, () => {
  it('should read the local input back as the same instant', () => {
    expect(fromLocalInputValue(toLocalInputValue(new Date(2026, 2, 1, 9, 5).getTime()))).toBe(new Date(2026, 2, 1, 9, 5).toISOString());
  });

  it.each(['', '2026-02-30T10:00', '2026-03-01 10:00'])('should refuse %j', (value) => {
    expect(fromLocalInputValue(value)).toBeNull();
  });
});

describe(buildStampRequest.name, () => {
  it('should send a correction with the stamp it supersedes and the trimmed note', () => {
    const sut = buildStampRequest({ node: 'first_ecg', localAt: '2026-03-01T10:12', note: '  monitor clock was off ', supersedes: 'abc' }, NOW);
    expect(sut).toEqual({
      request: { node: 'first_ecg', at: new Date(2026, 2, 1, 10, 12).toISOString(), note: 'monitor clock was off', supersedes: 'abc' },
    });
  });

  it('should leave out an empty note and no supersedes for a new stamp', () => {
    const sut = buildStampRequest({ node: 'door_in', localAt: '2026-03-01T10:30', note: ' ', supersedes: null }, NOW);
    expect(sut).toEqual({ request: { node: 'door_in', at: new Date(2026, 2, 1, 10, 30).toISOString() } });
  });

  it('should refuse a time in the future', () => {
    expect(buildStampRequest({ node: 'door_in', localAt: '2026-03-01T10:45', note: '', supersedes: null }, NOW)).toEqual({ problem: 'future' });
  });
});

describe(stampableNodes.name, () => {
  it('should leave out the status nodes the server refuses by hand for a new stamp', () => {
    const sut = stampableNodes(null);
    for (const node of INCIDENT_STATUS_NODES) expect(sut).not.toContain(node);
    expect(sut).toContain('first_medical_contact');
    expect(sut).toContain('call_received');
  });

  it('should keep the node of a status stamp being corrected, and no other status node', () => {
    const sut = stampableNodes('incident_cancelled');
    expect(sut).toContain('incident_cancelled');
    expect(sut).not.toContain('incident_closed');
    expect(sut).not.toContain('returned_to_queue');
  });
});
