import { purgedDraft, type Batch, type BatchFile, type Draft } from '../../core/ingest/ingest.model';
import type { DraftFilters, Fingerprint, IngestRepository } from '../../core/ingest/ingest-repository.port';
import { conflict } from '../../core/shared/errors';
import type { ItemId } from '../../core/shared/ids';
import type { Db } from './sqlite.database';

type BatchBody = Omit<Batch, 'files'>;

/** Ingest batches, drafts, fingerprints and title variants in the metadata database. */
export class SqliteIngestRepository implements IngestRepository {
  constructor(private readonly db: Db) {}

  async createBatch(batch: Batch): Promise<void> {
    const { files, ...body } = batch;
    this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO ingest_batches (id, section, status, created_at, updated_at, body) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(batch.id, batch.section, batch.status, batch.createdAt, batch.updatedAt, JSON.stringify(body));
      const put = this.db.prepare('INSERT INTO ingest_batch_files (batch_id, n, body) VALUES (?, ?, ?)');
      for (const f of files) put.run(batch.id, f.n, JSON.stringify(f));
    })();
  }

  async getBatch(id: string): Promise<Batch | null> {
    const row = this.db
      .prepare('SELECT body, status, updated_at FROM ingest_batches WHERE id = ?')
      .get(id) as { body: string; status: Batch['status']; updated_at: string } | undefined;
    if (!row) return null;
    return this.withFiles(row);
  }

  async setBatchStatus(id: string, status: Batch['status'], at: string): Promise<void> {
    this.db.prepare('UPDATE ingest_batches SET status = ?, updated_at = ? WHERE id = ?').run(status, at, id);
  }

  async putBatchFile(batchId: string, file: BatchFile, at: string): Promise<void> {
    this.db.transaction(() => {
      this.db
        .prepare('INSERT OR REPLACE INTO ingest_batch_files (batch_id, n, body) VALUES (?, ?, ?)')
        .run(batchId, file.n, JSON.stringify(file));
      this.db.prepare('UPDATE ingest_batches SET updated_at = ? WHERE id = ?').run(at, batchId);
    })();
  }

  async listBatches(sections: string[] | undefined, limit: number): Promise<Batch[]> {
    const where = sections ? `WHERE section IN (${sections.map(() => '?').join(',') || "''"})` : '';
    const rows = this.db
      .prepare(
        `SELECT body, status, updated_at FROM ingest_batches ${where} ORDER BY created_at DESC LIMIT ?`,
      )
      .all(...(sections ?? []), limit) as { body: string; status: Batch['status']; updated_at: string }[];
    return rows.map((r) => this.withFiles(r));
  }

  private withFiles(row: { body: string; status: Batch['status']; updated_at: string }): Batch {
    const body = JSON.parse(row.body) as BatchBody;
    const files = (
      this.db
        .prepare('SELECT body FROM ingest_batch_files WHERE batch_id = ? ORDER BY n')
        .pluck()
        .all(body.id) as string[]
    ).map((b) => JSON.parse(b) as BatchFile);
    return { ...body, status: row.status, updatedAt: row.updated_at, files };
  }

  async insertDraft(draft: Draft): Promise<boolean> {
    const result = this.db
      .prepare(
        `INSERT INTO ingest_drafts (id, batch_id, section, status, revision, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING`,
      )
      .run(draft.id, draft.batchId, draft.section, draft.status, draft.revision, JSON.stringify(draft));
    return result.changes === 1;
  }

  async updateDraft(draft: Draft): Promise<void> {
    const result = this.db
      .prepare(
        'UPDATE ingest_drafts SET section = ?, status = ?, revision = ?, body = ? WHERE id = ? AND revision = ?',
      )
      .run(draft.section, draft.status, draft.revision, JSON.stringify(draft), draft.id, draft.revision - 1);
    if (result.changes !== 1)
      throw conflict(
        'draft.stale',
        `Draft ${draft.id} was changed by someone else; reload it and try again.`,
      );
  }

  async getDraft(id: string): Promise<Draft | null> {
    const body = this.db.prepare('SELECT body FROM ingest_drafts WHERE id = ?').pluck().get(id) as
      string | undefined;
    return body ? (JSON.parse(body) as Draft) : null;
  }

  async listDrafts(f: DraftFilters, limit: number, cursor: string | null) {
    const where: string[] = [];
    const args: unknown[] = [];
    if (f.batchId) {
      where.push('batch_id = ?');
      args.push(f.batchId);
    }
    if (f.status) {
      where.push('status = ?');
      args.push(f.status);
    }
    if (f.sections) {
      where.push(`section IN (${f.sections.map(() => '?').join(',') || "''"})`);
      args.push(...f.sections);
    }
    const after = cursor ? Number(cursor) : 0;
    where.push('seq > ?');
    args.push(Number.isSafeInteger(after) ? after : 0);
    const rows = this.db
      .prepare(`SELECT seq, body FROM ingest_drafts WHERE ${where.join(' AND ')} ORDER BY seq LIMIT ?`)
      .all(...args, limit + 1) as { seq: number; body: string }[];
    const page = rows.slice(0, limit);
    return {
      drafts: page.map((r) => JSON.parse(r.body) as Draft),
      nextCursor: rows.length > limit ? String(page[page.length - 1]!.seq) : null,
    };
  }

  async draftCounts(batchId: string): Promise<Record<Draft['status'], number>> {
    const counts: Record<Draft['status'], number> = {
      processing: 0,
      filed: 0,
      needs_review: 0,
      failed: 0,
      merged: 0,
    };
    const rows = this.db
      .prepare('SELECT status, COUNT(*) AS n FROM ingest_drafts WHERE batch_id = ? GROUP BY status')
      .all(batchId) as { status: Draft['status']; n: number }[];
    for (const r of rows) counts[r.status] = r.n;
    return counts;
  }

  async purgeDraft(draftId: string, at: string): Promise<Draft | null> {
    return this.db.transaction(() => {
      const body = this.db.prepare('SELECT body FROM ingest_drafts WHERE id = ?').pluck().get(draftId) as
        string | undefined;
      if (!body) return null;
      const draft = JSON.parse(body) as Draft;
      if (draft.purged) return draft;
      const purged = purgedDraft(draft, at);
      this.db
        .prepare('UPDATE ingest_drafts SET revision = ?, body = ? WHERE id = ?')
        .run(purged.revision, JSON.stringify(purged), draftId);
      return purged;
    })();
  }

  async claimFingerprint(print: Fingerprint): Promise<Fingerprint> {
    return this.db.transaction(() => {
      this.db
        .prepare(
          'INSERT INTO ingest_fingerprints (sha256, batch_id, file_n, item_id) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        )
        .run(print.sha256, print.batchId, print.file, print.itemId);
      const row = this.db
        .prepare('SELECT sha256, batch_id, file_n, item_id FROM ingest_fingerprints WHERE sha256 = ?')
        .get(print.sha256) as { sha256: string; batch_id: string; file_n: number; item_id: string | null };
      return {
        sha256: row.sha256,
        batchId: row.batch_id,
        file: row.file_n,
        itemId: row.item_id as ItemId | null,
      };
    })();
  }

  async getFingerprint(sha256: string): Promise<Fingerprint | null> {
    const row = this.db
      .prepare('SELECT sha256, batch_id, file_n, item_id FROM ingest_fingerprints WHERE sha256 = ?')
      .get(sha256) as
      { sha256: string; batch_id: string; file_n: number; item_id: string | null } | undefined;
    return row
      ? { sha256: row.sha256, batchId: row.batch_id, file: row.file_n, itemId: row.item_id as ItemId | null }
      : null;
  }

  async setFingerprintItem(sha256: string, itemId: ItemId): Promise<void> {
    this.db.prepare('UPDATE ingest_fingerprints SET item_id = ? WHERE sha256 = ?').run(itemId, sha256);
  }

  async addTitleVariant(v: { businessStep: string; variant: string; by: string; at: string }): Promise<void> {
    this.db
      .prepare(
        'INSERT INTO ingest_title_variants (business_step, variant, added_by, added_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      )
      .run(v.businessStep, v.variant, v.by, v.at);
  }

  async titleVariants(): Promise<{ businessStep: string; variant: string }[]> {
    return this.db
      .prepare('SELECT business_step AS businessStep, variant FROM ingest_title_variants ORDER BY added_at')
      .all() as { businessStep: string; variant: string }[];
  }
}
