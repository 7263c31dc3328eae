import { z } from 'zod';
import { EntityIdSchema } from '../common';
import { RoleSchema } from '../roles';

export const LoginRequestSchema = z.object({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({
  accessToken: z.string(),
  expiresInSec: z.number().int().positive(),
});
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

/** Who the bearer of a token is; also what `GET /api/v1/auth/me` returns. */
export const SessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  vehicleId: EntityIdSchema.nullable(),
  hospitalId: EntityIdSchema.nullable(),
});
export type SessionUser = z.infer<typeof SessionUserSchema>;
