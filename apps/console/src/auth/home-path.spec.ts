import { ROLES } from '@feijiu/contracts';
import { describe, expect, it } from 'vitest';
import { canOpenSurface, homePathFor } from './home-path';

describe('homePathFor', () => {
  it.each([
    ['dispatcher', '/dispatch'],
    ['admin', '/dispatch'],
    ['crew', '/crew'],
    ['er_clinician', '/er'],
  ] as const)('should send a %s to %s', (role, path) => {
    expect(homePathFor(role)).toBe(path);
  });

  it('should let every role open its own home surface', () => {
    for (const role of ROLES) expect(canOpenSurface(role, homePathFor(role))).toBe(true);
  });

  it('should keep a crew member out of the dispatch map', () => {
    expect(canOpenSurface('crew', '/dispatch')).toBe(false);
    expect(canOpenSurface('admin', '/er')).toBe(true);
  });

  it('should open the quality report to dispatchers, ER clinicians and admins but not crews', () => {
    expect(canOpenSurface('dispatcher', '/quality')).toBe(true);
    expect(canOpenSurface('er_clinician', '/quality')).toBe(true);
    expect(canOpenSurface('admin', '/quality')).toBe(true);
    expect(canOpenSurface('crew', '/quality')).toBe(false);
  });
});
