import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en';
import { callerSummary, patientSummary } from './patient-summary';

const t = (key: string, params: Record<string, unknown> = {}) => {
  const message = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], en) as string;
  return message.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name]));
};

describe(patientSummary.name, () => {
  it('should read sex, age and the masked name in one line', () => {
    expect(patientSummary({ name: '王**', sex: 'male', ageYears: 67 }, t)).toBe('male · 67 y · 王**');
  });

  it('should give an infant its age in months', () => {
    expect(patientSummary({ name: null, sex: 'female', ageYears: 0.25 }, t)).toBe('female · 3 mo');
  });

  it('should say nothing when the caller said nothing about the patient', () => {
    expect(patientSummary(null, t)).toBeNull();
    expect(patientSummary({ name: null, sex: null, ageYears: null }, t)).toBeNull();
  });
});

describe(callerSummary.name, () => {
  it('should show what is known of the caller', () => {
    expect(callerSummary({ callerName: '李**', callerPhone: '138****5678' })).toBe('李** 138****5678');
    expect(callerSummary({ callerName: null, callerPhone: null })).toBeNull();
  });
});
