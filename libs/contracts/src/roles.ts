import { z } from 'zod';

export const ROLES = ['dispatcher', 'crew', 'er_clinician', 'admin'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
