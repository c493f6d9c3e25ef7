import { z } from 'zod';
import { ROLES } from '../access/roles';

export const usernameSchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9._-]{1,31}$/, '2-32 lower-case letters, digits, dot, dash or underscore');
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(200);

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

export const accountInputSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.string().trim().min(1).max(50),
  password: passwordSchema,
  roles: z.array(z.enum(ROLES)).max(10).default([]),
  section: z.string().trim().min(1).max(50).nullable().default(null),
});
export type AccountInput = z.infer<typeof accountInputSchema>;

export const rolesInputSchema = z.strictObject({
  roles: z.array(z.enum(ROLES)).max(10),
  section: z.string().trim().min(1).max(50).nullable().optional(),
});
