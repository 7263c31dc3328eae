import { describe, expect, it } from 'vitest';
import { clearToken, readToken, saveToken } from './token-store';

function createMemoryStorage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

describe('token-store', () => {
  const nowMs = Date.parse('2025-03-01T08:00:00Z');

  it('should return the saved token while it is valid', () => {
    const sut = createMemoryStorage();
    saveToken(sut, 'abc', 3600, nowMs);
    expect(readToken(sut, nowMs + 3_599_000)).toBe('abc');
  });

  it('should return null when the token has expired', () => {
    const sut = createMemoryStorage();
    saveToken(sut, 'abc', 60, nowMs);
    expect(readToken(sut, nowMs + 60_000)).toBeNull();
  });

  it('should return null when the stored value is garbage or cleared', () => {
    const sut = createMemoryStorage();
    sut.setItem('feijiu.session', '{not json');
    expect(readToken(sut, nowMs)).toBeNull();
    saveToken(sut, 'abc', 60, nowMs);
    clearToken(sut);
    expect(readToken(sut, nowMs)).toBeNull();
  });
});
