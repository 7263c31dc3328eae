import { describe, expect, it } from 'vitest';
import { renderIncidentIconHtml } from './incident-icon-html';

const incident = { id: 'i-1', priority: 'critical', complaint: '胸痛', status: 'new' } as const;

describe(renderIncidentIconHtml.name, () => {
  it('should carry the incident id, priority class and test id for the map and its tests', () => {
    const html = renderIncidentIconHtml(incident, false);
    expect(html).toContain('class="incident-marker priority-critical"');
    expect(html).toContain('data-incident-id="i-1"');
    expect(html).toContain('data-testid="incident-marker"');
  });

  it('should mark the selected incident and shorten a long complaint', () => {
    const html = renderIncidentIconHtml({ ...incident, complaint: '胸痛两小时伴大汗、恶心、呕吐' }, true);
    expect(html).toContain('incident-marker priority-critical selected');
    expect(html).toContain('胸痛两小时伴大汗、恶…');
  });

  it('should escape a complaint that contains markup', () => {
    expect(renderIncidentIconHtml({ ...incident, complaint: '<b>x</b>' }, false)).toContain('&lt;b&gt;x');
  });
});
