import { describe, expect, it } from 'vitest';
import { describeBrokerUrl, loadSimulatorConfig, SimulatorConfigError } from './config';

const FLEET = ['lh-01', 'lh-02', 'shangxi-01'];
const REQUIRED = { MQTT_URL: 'mqtt://127.0.0.1:1883', FEIJIU_DEMO_PASSWORD: 'demo' };

function issuesOf(env: Record<string, string>): string[] {
  try {
    loadSimulatorConfig(env, FLEET);
  } catch (err) {
    if (err instanceof SimulatorConfigError) return [...err.issues];
    throw err;
  }
  return [];
}

describe(loadSimulatorConfig.name, () => {
  it('should apply the defaults when only the required keys are set', () => {
    const sut = loadSimulatorConfig(REQUIRED, FLEET);
    expect(sut).toEqual({
      mqttUrl: 'mqtt://127.0.0.1:1883',
      demoPassword: 'demo',
      stateDir: '.data/simulator',
      gpsIntervalMs: 1000,
      speedup: 1,
      vehicleIds: null,
      logLevel: 'info',
      apiUrl: null,
      callIntervalS: 90,
      maxMonitors: 4,
      scriptedCalls: [],
    });
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('should read the optional keys when set', () => {
    const sut = loadSimulatorConfig(
      { ...REQUIRED, FEIJIU_SIM_GPS_INTERVAL_MS: '250', FEIJIU_SIM_SPEEDUP: '10', FEIJIU_SIM_VEHICLES: 'lh-01, shangxi-01' },
      FLEET,
    );
    expect(sut).toMatchObject({ gpsIntervalMs: 250, speedup: 10, vehicleIds: ['lh-01', 'shangxi-01'] });
  });

  it('should turn on the incident simulation when the core\'s API URL is set', () => {
    const sut = loadSimulatorConfig(
      { ...REQUIRED, FEIJIU_API_URL: 'http://127.0.0.1:3000', FEIJIU_SIM_CALL_INTERVAL_S: '30', FEIJIU_SIM_MAX_MONITORS: '8' },
      FLEET,
    );
    expect(sut).toMatchObject({ apiUrl: 'http://127.0.0.1:3000', callIntervalS: 30, maxMonitors: 8 });
  });

  it('should read the scripted calls in order, and refuse a pathway it does not know', () => {
    expect(loadSimulatorConfig({ ...REQUIRED, FEIJIU_SIM_SCRIPT: 'chest_pain, stroke,chest_pain' }, FLEET).scriptedCalls).toEqual([
      'chest_pain',
      'stroke',
      'chest_pain',
    ]);
    expect(issuesOf({ ...REQUIRED, FEIJIU_SIM_SCRIPT: 'stroke,burns' }).map((i) => i.split(':')[0])).toEqual(['FEIJIU_SIM_SCRIPT']);
  });

  it('should refuse an API URL that is not http(s) and a call interval that is not positive', () => {
    const keys = issuesOf({ ...REQUIRED, FEIJIU_API_URL: 'ftp://core', FEIJIU_SIM_CALL_INTERVAL_S: '0' }).map((i) => i.split(':')[0]);
    expect(keys.sort()).toEqual(['FEIJIU_API_URL', 'FEIJIU_SIM_CALL_INTERVAL_S']);
  });

  it('should name every bad key when the environment is wrong', () => {
    const issues = issuesOf({ MQTT_URL: 'http://x', FEIJIU_SIM_SPEEDUP: 'fast', FEIJIU_SIM_GPS_INTERVAL_MS: '-1' });
    const keys = issues.map((i) => i.split(':')[0]);
    expect(keys.sort()).toEqual(['FEIJIU_DEMO_PASSWORD', 'FEIJIU_SIM_GPS_INTERVAL_MS', 'FEIJIU_SIM_SPEEDUP', 'MQTT_URL']);
  });

  it('should refuse a vehicle that is not in the fleet when limiting the vehicles', () => {
    expect(issuesOf({ ...REQUIRED, FEIJIU_SIM_VEHICLES: 'lh-01,zz-99' })).toEqual([
      'FEIJIU_SIM_VEHICLES: not in the fleet: zz-99',
    ]);
  });

  it('should treat an empty variable as unset', () => {
    expect(loadSimulatorConfig({ ...REQUIRED, FEIJIU_SIM_VEHICLES: '' }, FLEET).vehicleIds).toBeNull();
  });
});

describe(describeBrokerUrl.name, () => {
  it('should drop credentials when describing the broker for a log line', () => {
    expect(describeBrokerUrl('mqtt://user:secret@broker:1883')).toBe('mqtt://broker:1883');
  });
});
