import { describe, expect, it } from 'vitest';
import { isCallHotkey, type HotkeyEvent } from './call-hotkey';

const key = (k: string, patch: Partial<HotkeyEvent> = {}): HotkeyEvent => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  target: { tagName: 'BODY' } as unknown as EventTarget,
  ...patch,
});

describe(isCallHotkey.name, () => {
  it('should open a call on F2 even while typing', () => {
    expect(isCallHotkey(key('F2', { target: { tagName: 'INPUT' } as unknown as EventTarget }))).toBe(true);
  });

  it('should open a call on N only outside text fields and without modifiers', () => {
    expect(isCallHotkey(key('n'))).toBe(true);
    expect(isCallHotkey(key('N'))).toBe(true);
    expect(isCallHotkey(key('n', { target: { tagName: 'TEXTAREA' } as unknown as EventTarget }))).toBe(false);
    expect(isCallHotkey(key('n', { ctrlKey: true }))).toBe(false);
    expect(isCallHotkey(key('m'))).toBe(false);
  });
});
