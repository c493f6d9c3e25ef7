import { z } from 'zod';

/** Configuration, parsed once from the environment. Every problem is reported, then the process exits. */
export const configSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  ARCHIVE_DATA_DIR: z.string().min(1).default('./data'),
  ARCHIVE_STORAGE_PROFILE: z.enum(['embedded', 'production']).default('embedded'),
  ARCHIVE_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  ARCHIVE_MAX_PAGE_MB: z.coerce.number().positive().max(2048).default(200),
  ARCHIVE_MAX_PAGES: z.coerce.number().int().positive().max(5000).default(500),
  ARCHIVE_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(5),
  /** OCR workers (tesseract.js); default one per core. */
  ARCHIVE_OCR_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** The scanner hot folder; default <data dir>/hot-folder; `off` disables it. */
  ARCHIVE_HOT_FOLDER: z.string().min(1).optional(),
  /** When set, `GET /metrics` wants `Authorization: Bearer <token>`. */
  ARCHIVE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** A worker-only process serves /api/health, /api/health/ready and /metrics on this port. */
  ARCHIVE_OPS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  ARCHIVE_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
export type Config = z.infer<typeof configSchema>;

export function parseConfig(
  env: NodeJS.ProcessEnv,
): { ok: true; config: Config } | { ok: false; problems: string[] } {
  const r = configSchema.safeParse(env);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
}
