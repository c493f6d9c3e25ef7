import { z } from 'zod';

/**
 * Storage profiles, declaratively. `embedded` (the default) keeps everything under one data directory:
 * SQLite for metadata and jobs, the filesystem for blobs, SQLite FTS5 for search. `production` names the
 * MongoDB, MinIO and Elasticsearch servers (its adapters arrive with the production-backends work).
 */
export const embeddedProfileSchema = z.strictObject({
  kind: z.literal('embedded'),
  dataDir: z.string().min(1),
});

export const productionProfileSchema = z.strictObject({
  kind: z.literal('production'),
  mongodb: z.strictObject({ url: z.string().url(), database: z.string().min(1) }),
  minio: z.strictObject({
    endPoint: z.string(),
    port: z.number().int(),
    useSSL: z.boolean(),
    accessKey: z.string(),
    secretKey: z.string(),
    bucket: z.string(),
  }),
  elasticsearch: z.strictObject({ node: z.string().url(), index: z.string().min(1) }),
});

export const storageProfileSchema = z.discriminatedUnion('kind', [
  embeddedProfileSchema,
  productionProfileSchema,
]);
export type StorageProfile = z.infer<typeof storageProfileSchema>;
export type EmbeddedProfile = z.infer<typeof embeddedProfileSchema>;

/** Where each embedded store lives inside the data directory. */
export function embeddedLayout(dataDir: string) {
  return {
    metadata: `${dataDir}/archive.sqlite`,
    search: `${dataDir}/search.sqlite`,
    blobs: `${dataDir}/blobs`,
    uploads: `${dataDir}/tmp/uploads`,
    scratch: `${dataDir}/tmp/scratch`,
    ocrData: `${dataDir}/cache/ocr`,
    hotFolder: `${dataDir}/hot-folder`,
  };
}
