import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { StorageError } from '../../core/shared/errors';

export type Db = Database.Database;

/**
 * Opens a SQLite database in WAL mode and applies the migrations of `migrationsDir` that it has not seen
 * (files `NNN-name.sql`, applied in order, each in its own transaction, recorded in schema_migrations).
 */
export function openSqlite(file: string, migrationsDir: string): Db {
  let db: Db;
  try {
    db = new Database(file);
  } catch (cause) {
    throw new StorageError(`Cannot open the SQLite database ${file}.`, false, { cause });
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Deleted content (a destroyed item's text, a scrubbed draft) is overwritten, not left in free pages.
  db.pragma('secure_delete = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db, migrationsDir);
  return db;
}

export function migrate(db: Db, dir: string): void {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  const files = readdirSync(dir)
    .filter((f) => /^\d{3}-[\w-]+\.sql$/.test(f))
    .sort();
  for (const file of files) {
    const version = Number(file.slice(0, 3));
    if (applied.has(version)) continue;
    const sql = readFileSync(join(dir, file), 'utf8');
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
        version,
        file,
        new Date().toISOString(),
      );
    })();
  }
}

export const METADATA_MIGRATIONS = join(__dirname, 'migrations');

/** Wraps a driver failure: SQLITE_BUSY/LOCKED may succeed on retry; anything else will not. */
export function storageFailure(message: string, cause: unknown): StorageError {
  const code = (cause as { code?: string }).code ?? '';
  return new StorageError(message, code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'), {
    cause,
  });
}
