import { describe, expect, it } from 'vitest';
import { escapeHl7, readSeparators, Segment, splitSegments, unescapeHl7 } from './er7';

describe(readSeparators.name, () => {
  it('should read the separators from MSH-1 and MSH-2 when they are not the usual ones', () => {
    expect(readSeparators('MSH#$*@%#APP')).toEqual({ field: '#', component: '$', repetition: '*', escape: '@', subcomponent: '%' });
  });

  it.each(['MSH', 'MSHA^~\\&|', 'MSH|^^\\&|', 'MSH||', 'PID|^~\\&|'])('should refuse %j', (msh) => {
    expect(readSeparators(msh)).toBeNull();
  });
});

describe(unescapeHl7.name, () => {
  const sep = readSeparators('MSH|^~\\&|')!;

  it('should resolve \\F\\ \\S\\ \\T\\ \\R\\ \\E\\ and hex escapes', () => {
    expect(unescapeHl7('a\\F\\b\\S\\c\\T\\d\\R\\e\\E\\f', sep)).toBe('a|b^c&d~e\\f');
    expect(unescapeHl7('\\XE4BD93\\\\X6E29\\', sep)).toBe('体n)');
    expect(unescapeHl7('line\\.br\\two\\H\\bold\\N\\', sep)).toBe('line\ntwobold');
  });

  it('should keep an unterminated or unknown escape as text', () => {
    expect(unescapeHl7('50\\', sep)).toBe('50\\');
    expect(unescapeHl7('\\Z99\\', sep)).toBe('\\Z99\\');
  });

  it('should undo escapeHl7 when round-tripping text with separators', () => {
    const text = 'Lead|off^V1~&\\ 导联脱落';
    expect(unescapeHl7(escapeHl7(text, sep), sep)).toBe(text);
  });
});

describe(Segment.name, () => {
  it('should number MSH fields from the separator itself', () => {
    const sep = readSeparators('MSH|^~\\&|APP^EUI|FAC')!;
    const sut = new Segment('MSH|^~\\&|APP^EUI|FAC', sep);
    expect(sut.rawField(1)).toBe('|');
    expect(sut.rawField(2)).toBe('^~\\&');
    expect(sut.component(3, 2)).toBe('EUI');
    expect(sut.value(4)).toBe('FAC');
    expect(sut.value(40)).toBe('');
  });
});

describe(splitSegments.name, () => {
  it('should split on CR, LF and CRLF alike when segment ends are mixed', () => {
    expect(splitSegments('MSH|a\rPID|b\nPV1|c\r\nOBR|d\r\n')).toEqual(['MSH|a', 'PID|b', 'PV1|c', 'OBR|d']);
  });
});
