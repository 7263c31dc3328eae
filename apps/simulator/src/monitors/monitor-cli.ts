import { parseArgs } from 'node:util';
import { isScenarioKind, SCENARIO_KINDS, type ScenarioKind } from './patient-scenario';

// `main.js monitor --path /dev/pts/N --scenario stemi [--demo]`: one simulated monitor writing
// HL7 into a serial device, for system tests that drive the real firmware-bridge.

export interface MonitorCliOptions {
  path: string;
  scenario: ScenarioKind;
  demo: boolean;
  deviceId: string | undefined;
  territory: 'inferior' | 'anterior' | undefined;
  speedup: number;
  logLevel: string;
}

export const MONITOR_USAGE = `usage: main.js monitor --path <device> --scenario <${SCENARIO_KINDS.join('|')}> [--demo]
         [--device-id <16 hex digits>] [--territory inferior|anterior] [--speedup <n>] [--log-level <level>]`;

export class MonitorCliError extends Error {}

export function parseMonitorArgs(argv: readonly string[]): MonitorCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        path: { type: 'string' },
        scenario: { type: 'string', default: 'normal' },
        demo: { type: 'boolean', default: false },
        'device-id': { type: 'string' },
        territory: { type: 'string' },
        speedup: { type: 'string', default: '1' },
        'log-level': { type: 'string', default: 'info' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    throw new MonitorCliError(err instanceof Error ? err.message : String(err));
  }
  const problems: string[] = [];
  if (!values.path) problems.push('--path is required');
  if (!isScenarioKind(values.scenario)) problems.push(`--scenario must be one of ${SCENARIO_KINDS.join(', ')}`);
  const deviceId = values['device-id'];
  if (deviceId !== undefined && !/^[0-9a-fA-F]{16}$/.test(deviceId)) problems.push('--device-id must be 16 hex digits (an EUI-64)');
  const territory = values.territory;
  if (territory !== undefined && territory !== 'inferior' && territory !== 'anterior') problems.push('--territory must be inferior or anterior');
  const speedup = Number(values.speedup);
  if (!Number.isFinite(speedup) || speedup <= 0 || speedup > 1000) problems.push('--speedup must be a number in (0, 1000]');
  if (problems.length > 0) throw new MonitorCliError(problems.join('; '));
  return {
    path: values.path!,
    scenario: values.scenario as ScenarioKind,
    demo: values.demo,
    deviceId,
    territory: territory as MonitorCliOptions['territory'],
    speedup,
    logLevel: values['log-level'],
  };
}
