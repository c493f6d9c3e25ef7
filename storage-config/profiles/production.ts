import { z } from 'zod';

/**
 * The production profile: MongoDB for metadata, jobs, the audit trail and workflow records; MinIO (S3) for
 * originals and derivatives; Elasticsearch 8 for search. API and worker processes scale out over them.
 *
 * Addresses and secrets come only from the environment (never from a file in the repository):
 *
 * | Variable | Meaning | Default |
 * |---|---|---|
 * | ARCHIVE_MONGODB_URL | `mongodb://user:password@host1,host2/?replicaSet=rs0` | required |
 * | ARCHIVE_MONGODB_DATABASE | database name | `archive` |
 * | ARCHIVE_MINIO_URL | `https://minio.example:9000` | required |
 * | ARCHIVE_MINIO_ACCESS_KEY / ARCHIVE_MINIO_SECRET_KEY | the archive's service account | required |
 * | ARCHIVE_MINIO_DESTRUCTION_ACCESS_KEY / _SECRET_KEY | the only account allowed to bypass object lock (`s3:BypassGovernanceRetention`), used by destruction alone | the service account |
 * | ARCHIVE_MINIO_BUCKET | archive bucket (the temp bucket is `<bucket>-tmp`) | `archive` |
 * | ARCHIVE_MINIO_REGION | S3 region | `us-east-1` |
 * | ARCHIVE_ELASTICSEARCH_URL | `https://es.example:9200` | required |
 * | ARCHIVE_ELASTICSEARCH_USERNAME / _PASSWORD | basic auth, when security is on | none |
 * | ARCHIVE_ELASTICSEARCH_ALIAS | the items alias (the index behind it is versioned) | `archive-items` |
 */
export const productionProfileSchema = z.strictObject({
  kind: z.literal('production'),
  mongodb: z.strictObject({ url: z.string().regex(/^mongodb(\+srv)?:\/\//), database: z.string().min(1) }),
  minio: z.strictObject({
    endPoint: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    useSSL: z.boolean(),
    accessKey: z.string().min(1),
    secretKey: z.string().min(1),
    /** A second account for destruction only; without it the service account must hold the bypass right. */
    destruction: z.strictObject({ accessKey: z.string().min(1), secretKey: z.string().min(1) }).optional(),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,58}[a-z0-9]$/, 'a DNS-compatible bucket name'),
    region: z.string().min(1),
  }),
  elasticsearch: z.strictObject({
    node: z.string().url(),
    alias: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
    username: z.string().optional(),
    password: z.string().optional(),
  }),
});
export type ProductionProfile = z.infer<typeof productionProfileSchema>;

/** Reads the production profile from the environment; every problem is listed (without any secret). */
export function productionProfileFromEnv(
  env: NodeJS.ProcessEnv,
): { ok: true; profile: ProductionProfile } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const need = (name: string): string => {
    const v = env[name];
    if (!v) problems.push(`${name}: required for the production profile`);
    return v ?? '';
  };
  const minioUrl = need('ARCHIVE_MINIO_URL');
  let minio: URL | null = null;
  try {
    minio = minioUrl ? new URL(minioUrl) : null;
  } catch {
    problems.push('ARCHIVE_MINIO_URL: not a URL');
  }
  const candidate = {
    kind: 'production' as const,
    mongodb: { url: need('ARCHIVE_MONGODB_URL'), database: env.ARCHIVE_MONGODB_DATABASE ?? 'archive' },
    minio: {
      endPoint: minio?.hostname ?? '',
      port: minio ? Number(minio.port || (minio.protocol === 'https:' ? 443 : 80)) : 0,
      useSSL: minio?.protocol === 'https:',
      accessKey: need('ARCHIVE_MINIO_ACCESS_KEY'),
      secretKey: need('ARCHIVE_MINIO_SECRET_KEY'),
      ...(env.ARCHIVE_MINIO_DESTRUCTION_ACCESS_KEY || env.ARCHIVE_MINIO_DESTRUCTION_SECRET_KEY
        ? {
            destruction: {
              accessKey: env.ARCHIVE_MINIO_DESTRUCTION_ACCESS_KEY ?? '',
              secretKey: env.ARCHIVE_MINIO_DESTRUCTION_SECRET_KEY ?? '',
            },
          }
        : {}),
      bucket: env.ARCHIVE_MINIO_BUCKET ?? 'archive',
      region: env.ARCHIVE_MINIO_REGION ?? 'us-east-1',
    },
    elasticsearch: {
      node: need('ARCHIVE_ELASTICSEARCH_URL'),
      alias: env.ARCHIVE_ELASTICSEARCH_ALIAS ?? 'archive-items',
      ...(env.ARCHIVE_ELASTICSEARCH_USERNAME ? { username: env.ARCHIVE_ELASTICSEARCH_USERNAME } : {}),
      ...(env.ARCHIVE_ELASTICSEARCH_PASSWORD ? { password: env.ARCHIVE_ELASTICSEARCH_PASSWORD } : {}),
    },
  };
  if (problems.length > 0) return { ok: false, problems };
  const r = productionProfileSchema.safeParse(candidate);
  if (!r.success) {
    // Paths only, never the values: a value may be a secret.
    return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) };
  }
  return { ok: true, profile: r.data };
}

/** The Elasticsearch node URL with basic-auth credentials when the profile has them (never log it). */
export function elasticsearchNodeUrl(es: ProductionProfile['elasticsearch']): string {
  if (!es.username) return es.node;
  const url = new URL(es.node);
  url.username = encodeURIComponent(es.username);
  url.password = encodeURIComponent(es.password ?? '');
  return url.toString();
}
