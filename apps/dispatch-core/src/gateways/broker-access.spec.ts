import { describe, expect, it } from 'vitest';
import { canPublish, canSubscribe } from './broker-access';

describe('broker access rules', () => {
  const gateway = { kind: 'gateway', vehicleId: 'lh-01' } as const;
  const core = { kind: 'core' } as const;

  it.each(['gps', 'vitals', 'waveform', 'alarm', 'state'])('should let a gateway publish its own %s', (kind) => {
    expect(canPublish(gateway, `feijiu/v1/vehicles/lh-01/${kind}`)).toBe(true);
  });

  it.each([
    ['another vehicle', 'feijiu/v1/vehicles/lh-02/gps'],
    ["another vehicle's alarm", 'feijiu/v1/vehicles/lh-02/alarm'],
    ['its own cmd topic', 'feijiu/v1/vehicles/lh-01/cmd'],
    ['outside the tree', 'other/lh-01/gps'],
    ['a deeper topic', 'feijiu/v1/vehicles/lh-01/gps/x'],
    ['a wildcard', 'feijiu/v1/vehicles/+/gps'],
  ])('should refuse a gateway publishing to %s', (_, topic) => {
    expect(canPublish(gateway, topic)).toBe(false);
  });

  it('should let a gateway subscribe only to its own cmd', () => {
    expect(canSubscribe(gateway, 'feijiu/v1/vehicles/lh-01/cmd')).toBe(true);
    expect(canSubscribe(gateway, 'feijiu/v1/vehicles/lh-02/cmd')).toBe(false);
    expect(canSubscribe(gateway, 'feijiu/v1/vehicles/+/gps')).toBe(false);
    expect(canSubscribe(gateway, '#')).toBe(false);
  });

  it('should let the core read every vehicle and write only cmd', () => {
    expect(canSubscribe(core, 'feijiu/v1/vehicles/+/gps')).toBe(true);
    expect(canPublish(core, 'feijiu/v1/vehicles/lh-01/cmd')).toBe(true);
    expect(canPublish(core, 'feijiu/v1/vehicles/lh-01/gps')).toBe(false);
    expect(canSubscribe(core, '#')).toBe(false);
  });
});
