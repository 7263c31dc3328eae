import { z } from 'zod';
import { EntityIdSchema, IsoInstantSchema } from '../common';
import { type Role, RoleSchema } from '../roles';

// Admin user management under /api/v1/admin/users (role admin only; every change audited).

export const UsernameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'lowercase letters, digits, dot, dash, underscore; 2-64 chars');
// Long enough that the login rate limit makes guessing hopeless; no composition rules (NIST 800-63B).
export const NewPasswordSchema = z.string().min(12, 'at least 12 characters').max(256);

export interface BindingProblem {
  field: 'vehicleId' | 'hospitalId';
  message: string;
}

/**
 * What a login is bound to: a crew to one ambulance, an ER clinician to one hospital; dispatchers
 * and admins to neither. Returns the problem, or null when the binding fits the role.
 */
export function findBindingProblem(role: Role, vehicleId: string | null, hospitalId: string | null): BindingProblem | null {
  switch (role) {
    case 'crew':
      if (!vehicleId) return { field: 'vehicleId', message: 'a crew login needs vehicleId' };
      return hospitalId ? { field: 'hospitalId', message: 'a crew login is bound to a vehicle, not a hospital' } : null;
    case 'er_clinician':
      if (!hospitalId) return { field: 'hospitalId', message: 'an ER clinician login needs hospitalId' };
      return vehicleId ? { field: 'vehicleId', message: 'an ER clinician login is bound to a hospital, not a vehicle' } : null;
    case 'dispatcher':
    case 'admin':
      if (vehicleId) return { field: 'vehicleId', message: `a ${role} login is not bound to a vehicle` };
      return hospitalId ? { field: 'hospitalId', message: `a ${role} login is not bound to a hospital` } : null;
  }
}

export const ManagedUserSchema = z.object({
  id: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
  vehicleId: EntityIdSchema.nullable(),
  hospitalId: EntityIdSchema.nullable(),
  disabled: z.boolean(),
  createdAt: IsoInstantSchema,
});
export type ManagedUser = z.infer<typeof ManagedUserSchema>;
export const ManagedUserListSchema = z.array(ManagedUserSchema);

export const CreateUserRequestSchema = z
  .object({
    username: UsernameSchema,
    displayName: z.string().trim().min(1).max(100),
    role: RoleSchema,
    vehicleId: EntityIdSchema.nullish(),
    hospitalId: EntityIdSchema.nullish(),
    password: NewPasswordSchema,
  })
  .superRefine((u, ctx) => {
    const problem = findBindingProblem(u.role, u.vehicleId ?? null, u.hospitalId ?? null);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.message, path: [problem.field] });
  });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/**
 * Any subset; the binding after the change must fit the role. Disabling, a new role, binding or
 * password revokes the user's sessions (their tokens stop working, their live sockets close).
 */
export const UpdateUserRequestSchema = z
  .object({
    displayName: z.string().trim().min(1).max(100).optional(),
    role: RoleSchema.optional(),
    vehicleId: EntityIdSchema.nullable().optional(),
    hospitalId: EntityIdSchema.nullable().optional(),
    disabled: z.boolean().optional(),
    password: NewPasswordSchema.optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), { message: 'change at least one field' });
export type UpdateUserRequest = z.infer<typeof UpdateUserRequestSchema>;
