import { z } from 'zod';
import { IsoInstantSchema } from '../common';

// The audit log under /api/v1/audit (role admin only): append-only, each entry's hash covers the
// previous entry's hash, so a rewritten or removed entry breaks the chain.

export const AuditEntrySchema = z.object({
  seq: z.number().int().positive().describe('position in the chain; also the pagination cursor'),
  at: IsoInstantSchema,
  actor: z.string().describe('`user:<username>` or `system:<component>`'),
  sourceAddress: z.string().nullable().describe("the caller's address for a person's change; null for the system"),
  entity: z.string(),
  entityId: z.string(),
  action: z.string(),
  before: z.unknown().describe('the state before the change (JSON), when there was one'),
  after: z.unknown().describe('the state after the change (JSON)'),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

// exact-match filters: printable text only (PostgreSQL text cannot hold NUL)
const FilterTextSchema = (max: number) => z.string().min(1).max(max).regex(/^[^\p{Cc}]+$/u, 'no control characters');

export const AuditQuerySchema = z
  .object({
    entity: FilterTextSchema(64).optional(),
    entityId: FilterTextSchema(128).optional(),
    actor: FilterTextSchema(128).optional().describe('exact, e.g. `user:dispatcher`'),
    from: IsoInstantSchema.optional().describe('entries at or after this instant'),
    to: IsoInstantSchema.optional().describe('entries before this instant'),
    cursor: z.coerce
      .number()
      .int()
      .positive()
      .max(Number.MAX_SAFE_INTEGER)
      .optional()
      .describe('`nextCursor` of the previous page: entries older than this seq'),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) <= Date.parse(q.to), { message: 'from must not be after to', path: ['from'] });
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

/** Newest first; `nextCursor` is null on the last page. */
export const AuditPageSchema = z.object({
  items: z.array(AuditEntrySchema),
  nextCursor: z.number().int().positive().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AUDIT_BREAK_REASONS = ['content_changed', 'link_broken', 'checkpoint_missing'] as const;
export const AuditBreakReasonSchema = z
  .enum(AUDIT_BREAK_REASONS)
  .describe(
    'content_changed: the entry no longer matches its hash; link_broken: it does not follow the entry before it ' +
      '(that one was rewritten, or entries were removed); checkpoint_missing: the chain start marker was altered',
  );

/** `GET /api/v1/audit/verify` (and `npm run audit:verify`): the whole chain walked from the start. */
export const AuditVerificationSchema = z.object({
  ok: z.boolean(),
  checked: z.number().int().nonnegative().describe('entries walked (up to the first broken one)'),
  legacyUnverified: z
    .number()
    .int()
    .nonnegative()
    .describe('entries written before the canonical hash whose content cannot be recomputed (their links are still checked)'),
  head: z
    .object({ seq: z.number().int().positive(), hash: z.string() })
    .nullable()
    .describe('the last entry: keep its hash somewhere else to detect a rewritten tail later'),
  firstBroken: z
    .object({
      seq: z.number().int().positive(),
      at: IsoInstantSchema,
      entity: z.string(),
      entityId: z.string(),
      action: z.string(),
      reason: AuditBreakReasonSchema,
    })
    .nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerificationSchema>;
