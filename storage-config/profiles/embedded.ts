/**
 * The embedded profile (the default, what `npm start` runs): everything under one data directory. SQLite
 * for metadata and jobs, the filesystem for blobs, SQLite FTS5 for search. No server to install.
 */

/** Where each embedded store lives inside the data directory. */
export function embeddedLayout(dataDir: string) {
  return {
    metadata: `${dataDir}/archive.sqlite`,
    search: `${dataDir}/search.sqlite`,
    blobs: `${dataDir}/blobs`,
    ...localLayout(dataDir),
  };
}

/**
 * What stays on each process's own disk whatever the profile: multipart uploads being received, scratch
 * files of ingest, the OCR language data and the scanner hot folder.
 */
export function localLayout(dataDir: string) {
  return {
    uploads: `${dataDir}/tmp/uploads`,
    scratch: `${dataDir}/tmp/scratch`,
    ocrData: `${dataDir}/cache/ocr`,
    hotFolder: `${dataDir}/hot-folder`,
  };
}
export type LocalLayout = ReturnType<typeof localLayout>;
