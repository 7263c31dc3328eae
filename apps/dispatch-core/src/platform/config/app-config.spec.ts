import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config';

describe(loadConfig.name, () => {
  it('should run embedded with the demo county when nothing is set', () => {
    const sut = loadConfig({}, '/srv/feijiu');
    expect(sut.database).toEqual({ mode: 'embedded', port: 54329 });
    expect(sut.mqtt).toMatchObject({ mode: 'embedded', host: '127.0.0.1', port: 1883 });
    expect(sut.demo).toEqual({ enabled: true, password: null, simulator: true, callIntervalSec: 120, speedup: 1, extraVehicles: 0 });
    expect(sut.dataDir).toBe('/srv/feijiu/.data');
    expect(Object.isFrozen(sut)).toBe(true);
  });

  it('should switch to external servers and turn the demo off when DATABASE_URL is set', () => {
    const sut = loadConfig({
      DATABASE_URL: 'postgres://u:p@db:5432/feijiu',
      MQTT_URL: 'mqtt://broker:1883',
      REDIS_URL: 'redis://redis:6379',
      JWT_SECRET: 'x'.repeat(40),
    });
    expect(sut.database).toEqual({ mode: 'external', url: 'postgres://u:p@db:5432/feijiu' });
    expect(sut.mqtt).toMatchObject({ mode: 'external', url: 'mqtt://broker:1883' });
    expect(sut.redisUrl).toBe('redis://redis:6379');
    expect(sut.demo.enabled).toBe(false);
  });

  it('should warn about a misspelled FEIJIU_ setting instead of ignoring it silently', () => {
    const sut = loadConfig({ FEIJIU_SIMULATER: 'off', FEIJIU_SIM_SCRIPT: 'stroke', FEIJIU_BRIDGE_PASSWORD: 'x', FEIJIU_PORT: '3001' });
    expect(sut.warnings).toEqual(['unknown setting FEIJIU_SIMULATER is ignored; did you mean FEIJIU_SIMULATOR?']);
    expect(sut.demo.simulator).toBe(true);
  });

  it('should keep the simulator off when FEIJIU_SIMULATOR=off', () => {
    expect(loadConfig({ FEIJIU_SIMULATOR: 'off' }).demo).toMatchObject({ enabled: true, simulator: false });
  });

  it('should name every bad key when values are invalid', () => {
    const attempt = () =>
      loadConfig({ FEIJIU_PORT: 'eighty', DATABASE_URL: 'mysql://x', FEIJIU_SIMULATOR: 'maybe', FEIJIU_TILE_URL: 'ftp://t' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const message = (err as Error).message;
      for (const key of ['FEIJIU_PORT', 'DATABASE_URL', 'FEIJIU_SIMULATOR', 'FEIJIU_TILE_URL']) expect(message).toContain(key);
    }
  });

  it('should require a JWT secret with an external database', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:p@db/feijiu' })).toThrow(/JWT_SECRET/);
  });

  it('should limit failed logins to 5 per username and address in 15 minutes unless told otherwise', () => {
    expect(loadConfig({}).login).toEqual({ maxFailures: 5, maxFailuresPerAddress: 50, windowSec: 900 });
    expect(loadConfig({ FEIJIU_LOGIN_MAX_FAILURES: '10', FEIJIU_LOGIN_WINDOW_SEC: '60' }).login).toMatchObject({ maxFailures: 10, windowSec: 60 });
  });

  it.each([
    ['off', false],
    ['1', 1],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('should read FEIJIU_TRUST_PROXY=%s as %s', (value, expected) => {
    expect(loadConfig({ FEIJIU_TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('should refuse a FEIJIU_TRUST_PROXY that is neither off, a hop count nor addresses', () => {
    expect(() => loadConfig({ FEIJIU_TRUST_PROXY: 'everyone' })).toThrow(/FEIJIU_TRUST_PROXY/);
  });

  it('should size gateway payloads for ECG with margin and limit each gateway to 100 publishes/s by default', () => {
    expect(loadConfig({}).mqttLimits).toEqual({ maxPayloadBytes: 262_144, publishRatePerSec: 100, publishBurst: 200 });
    expect(loadConfig({ FEIJIU_MQTT_PUBLISH_RATE: '0' }).mqttLimits.publishRatePerSec).toBe(0);
  });

  it('should refuse a payload limit too small for one second of 12-lead ECG', () => {
    expect(() => loadConfig({ FEIJIU_MQTT_MAX_PAYLOAD_BYTES: '1000', FEIJIU_MQTT_PUBLISH_BURST: '0' })).toThrow(
      /FEIJIU_MQTT_MAX_PAYLOAD_BYTES[\s\S]*FEIJIU_MQTT_PUBLISH_BURST/,
    );
  });

  it('should treat an empty value as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', FEIJIU_PORT: '' }).database.mode).toBe('embedded');
  });
});
