import { describe, expect, it } from 'vitest';
import { renderVehicleIconHtml } from './vehicle-icon-html';

describe('renderVehicleIconHtml', () => {
  it('should carry the vehicle id and status class for the map and its tests', () => {
    const html = renderVehicleIconHtml({ id: 'amb-1', callSign: '120-1', status: 'en_route' }, 90);
    expect(html).toContain('data-vehicle-id="amb-1"');
    expect(html).toContain('class="vehicle-marker status-en_route"');
    expect(html).toContain('rotate(90deg)');
  });

  it('should draw no arrow when the heading is unknown', () => {
    expect(renderVehicleIconHtml({ id: 'amb-1', callSign: '120-1', status: 'available' }, null)).not.toContain('vehicle-heading');
  });

  it('should escape a call sign that contains markup', () => {
    const html = renderVehicleIconHtml({ id: 'amb-1', callSign: '<img src=x onerror=alert(1)>', status: 'available' }, null);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img');
  });
});
