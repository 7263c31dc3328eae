// ER7 (pipe-and-hat) encoding: separators come from MSH-1 and MSH-2, never hard-coded.

export interface Separators {
  field: string;
  component: string;
  repetition: string;
  escape: string;
  subcomponent: string;
}

export const DEFAULT_SEPARATORS: Separators = {
  field: '|',
  component: '^',
  repetition: '~',
  escape: '\\',
  subcomponent: '&',
};

const isDelimiterChar = (c: string): boolean => /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]$/.test(c);

/** Separators of an MSH segment text (starting with "MSH"), or null when MSH-1/MSH-2 are unusable. */
export function readSeparators(msh: string): Separators | null {
  if (!msh.startsWith('MSH') || msh.length < 4) return null;
  const field = msh[3]!;
  if (!isDelimiterChar(field)) return null;
  const end = msh.indexOf(field, 4);
  const encoding = end < 0 ? msh.slice(4) : msh.slice(4, end);
  // MSH-2 holds 1..5 characters (v2.7 adds the truncation character); at least the component one.
  if (encoding.length < 1 || encoding.length > 5) return null;
  const chars = [...encoding];
  if (!chars.every(isDelimiterChar)) return null;
  if (new Set([field, ...chars]).size !== chars.length + 1) return null;
  return {
    field,
    component: chars[0] ?? '',
    repetition: chars[1] ?? '',
    escape: chars[2] ?? '',
    subcomponent: chars[3] ?? '',
  };
}

/** Splits into segments on CR, LF or CRLF; empty lines are dropped. */
export function splitSegments(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((s) => s.length > 0);
}

const split = (raw: string, sep: string): string[] => (sep === '' ? [raw] : raw.split(sep));

/** A parsed segment: raw fields, addressed by HL7 field number. */
export class Segment {
  readonly name: string;
  private readonly raw: string[];

  constructor(
    readonly text: string,
    readonly sep: Separators,
  ) {
    this.raw = text.split(sep.field);
    this.name = this.raw[0] ?? '';
  }

  /** Raw (still escaped) field n, '' when absent. MSH-1 is the separator itself, so MSH-n is raw[n-1]. */
  rawField(n: number): string {
    if (this.name === 'MSH') {
      if (n === 1) return this.sep.field;
      return this.raw[n - 1] ?? '';
    }
    return this.raw[n] ?? '';
  }

  get fieldCount(): number {
    return this.name === 'MSH' ? this.raw.length : this.raw.length - 1;
  }

  /** Repetitions of field n, each split into raw components. */
  repetitions(n: number): string[] {
    const f = this.rawField(n);
    return f === '' ? [] : split(f, this.sep.repetition);
  }

  /** Component c (1-based) of the first repetition of field n, unescaped and trimmed. */
  component(n: number, c = 1): string {
    const first = split(this.rawField(n), this.sep.repetition)[0] ?? '';
    const comp = split(first, this.sep.component)[c - 1] ?? '';
    const sub = split(comp, this.sep.subcomponent)[0] ?? '';
    return unescapeHl7(sub, this.sep).trim();
  }

  /** Field n as text (first repetition, first component) unescaped. */
  value(n: number): string {
    return this.component(n, 1);
  }

  /** All components of the first repetition of field n, raw. */
  rawComponents(n: number): string[] {
    const first = split(this.rawField(n), this.sep.repetition)[0] ?? '';
    return split(first, this.sep.component);
  }
}

/** Resolves \F\ \S\ \T\ \R\ \E\, \Xhh..\ and \.br\; highlighting escapes are dropped. */
export function unescapeHl7(text: string, sep: Separators): string {
  const e = sep.escape;
  if (e === '' || !text.includes(e)) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch !== e) {
      out += ch;
      i++;
      continue;
    }
    const close = text.indexOf(e, i + 1);
    if (close < 0) {
      out += text.slice(i);
      break;
    }
    out += resolveEscape(text.slice(i + 1, close), sep) ?? text.slice(i, close + 1);
    i = close + 1;
  }
  return out;
}

function resolveEscape(body: string, sep: Separators): string | null {
  switch (body) {
    case 'F':
      return sep.field;
    case 'S':
      return sep.component;
    case 'T':
      return sep.subcomponent;
    case 'R':
      return sep.repetition;
    case 'E':
      return sep.escape;
    case 'H':
    case 'N':
      return '';
    case '.br':
      return '\n';
    default:
      break;
  }
  if (/^X([0-9A-Fa-f]{2})+$/.test(body)) {
    const bytes = body.slice(1).match(/../g)!.map((h) => parseInt(h, 16));
    return new TextDecoder().decode(Uint8Array.from(bytes));
  }
  return null;
}

/** Escapes text for use inside a field with these separators. */
export function escapeHl7(text: string, sep: Separators = DEFAULT_SEPARATORS): string {
  const e = sep.escape || '\\';
  const map = new Map<string, string>([
    [e, `${e}E${e}`],
    [sep.field, `${e}F${e}`],
    [sep.component, `${e}S${e}`],
    [sep.subcomponent, `${e}T${e}`],
    [sep.repetition, `${e}R${e}`],
  ]);
  let out = '';
  for (const ch of text) {
    if (ch === '\r' || ch === '\n') out += `${e}.br${e}`;
    else out += map.get(ch) ?? ch;
  }
  return out;
}
