import { describe, expect, it } from 'vitest';
import { MonitorCliError, parseMonitorArgs } from './monitor-cli';

describe(parseMonitorArgs.name, () => {
  it('should read the device, scenario and demo flag when given', () => {
    expect(parseMonitorArgs(['--path', '/dev/pts/7', '--scenario', 'stemi', '--demo'])).toEqual({
      path: '/dev/pts/7',
      scenario: 'stemi',
      demo: true,
      deviceId: undefined,
      territory: undefined,
      speedup: 1,
      logLevel: 'info',
    });
  });

  it.each([
    [['--scenario', 'stemi'], '--path is required'],
    [['--path', '/dev/pts/1', '--scenario', 'flu'], '--scenario must be one of'],
    [['--path', '/dev/pts/1', '--device-id', 'xyz'], '--device-id must be 16 hex digits'],
    [['--path', '/dev/pts/1', '--speedup', '0'], '--speedup must be'],
    [['--path', '/dev/pts/1', '--bogus'], 'Unknown option'],
  ])('should refuse %j', (argv, message) => {
    expect(() => parseMonitorArgs(argv)).toThrow(MonitorCliError);
    expect(() => parseMonitorArgs(argv)).toThrow(message);
  });
});
