import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/app-error';
import { findMalformedText, RequestInputPipe } from './request-input.pipe';

describe(findMalformedText.name, () => {
  it.each([
    [{ complaint: 'chest pain' }, null],
    [{ complaint: 'a\u0000b' }, 'complaint'],
    [{ a: [1, { b: ['x', 'y\u0000'] }] }, 'a.1.b.1'],
    [{ 'k\u0000': 1 }, 'k\\u0000'],
    [{ address: 'x\ud800' }, 'address'],
    [{ note: 'pair 😀 ok' }, null],
    [{ note: 'low \udc00 alone' }, 'note'],
    ['\u0000', ''],
    [[null, 2, true], null],
  ])('should find malformed text in %j at %j', (value, path) => {
    expect(findMalformedText(value)).toBe(path);
  });

  it('should walk a 100,000-deep array without overflowing the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findMalformedText(deep)).toMatch(/^0(\.0)+$/);
  });
});

describe(RequestInputPipe.name, () => {
  const sut = new RequestInputPipe();

  it('should refuse a body with NUL as VALIDATION_FAILED naming the field', () => {
    const call = () => sut.transform({ username: 'x\u0000', password: 'p' }, { type: 'body' });
    expect(call).toThrow(AppError);
    expect(call).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', message: 'invalid input: username' }));
  });

  it('should leave the logged-in user of a custom decorator alone', () => {
    const user = { id: 'u', note: 'a\u0000' };
    expect(sut.transform(user, { type: 'custom' })).toBe(user);
  });
});
