import { describe, expect, it } from 'vitest';
import { IsoInstantSchema } from './common';

describe('IsoInstantSchema', () => {
  it.each(['2026-11-22T08:00:00Z', '2026-11-22T16:00:00.123+08:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'should accept %s',
    (v) => expect(IsoInstantSchema.safeParse(v).success).toBe(true),
  );

  it.each(['9999-12-31T23:59:59-23:59', '0000-01-01T00:00:00Z', '0001-01-01T00:00:00+01:00', '2026-02-30T00:00:00Z', 'yesterday'])(
    'should refuse %s, which is outside years 0001-9999 in UTC or no instant',
    (v) => expect(IsoInstantSchema.safeParse(v).success).toBe(false),
  );
});
