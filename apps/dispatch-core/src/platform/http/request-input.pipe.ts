import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { ZodValidationPipe } from 'nestjs-zod';
import { AppError } from '../errors/app-error';

/**
 * The REST input pipe (APP_PIPE): refuses text that is not well-formed anywhere in a body, query
 * or path parameter, then validates against the contract's zod schema. PostgreSQL text cannot
 * hold NUL (U+0000) and jsonb refuses an unpaired surrogate (the audit log stores changes as
 * jsonb), so such a string used to fail deep inside a query as a 500; no field of this API has a
 * use for either. Parameters of custom decorators (the logged-in user) are not request input.
 */
@Injectable()
export class RequestInputPipe implements PipeTransform {
  private readonly zod = new ZodValidationPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'custom') {
      const path = findMalformedText(value);
      if (path !== null) {
        throw new AppError('VALIDATION_FAILED', `invalid input: ${path || `(${metadata.type})`}`, [
          { path, message: 'must be well-formed text: no NUL character (U+0000), no unpaired surrogate' },
        ]);
      }
    }
    return this.zod.transform(value, metadata);
  }
}

interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

// NUL, or a surrogate without its pair (in a `u` regex, a proper pair is one code point)
const MALFORMED_TEXT = /[\u0000\ud800-\udfff]/u;

/**
 * The dotted path of the first string or object key that holds NUL or an unpaired surrogate, or
 * null. Iterative: a body may nest tens of thousands of levels deep within the size limit.
 */
export function findMalformedText(value: unknown): string | null {
  const stack: Visit[] = [{ value, key: null, parent: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const v = visit.value;
    if (typeof v === 'string') {
      if (MALFORMED_TEXT.test(v)) return pathOf(visit);
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], key: String(i), parent: visit });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        if (MALFORMED_TEXT.test(k)) return pathOf({ value: child, key: k, parent: visit });
        stack.push({ value: child, key: k, parent: visit });
      }
    }
  }
  return null;
}

function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let v: Visit | null = visit; v?.key != null; v = v.parent) keys.push(v.key);
  return keys
    .reverse()
    .join('.')
    .replace(/[\u0000\ud800-\udfff]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
