import { ObjectId, type Collection, type Db, type Document } from 'mongodb';
import type { DraftFilters, Fingerprint, IngestRepository } from '../../core/ingest/ingest-repository.port';
import { purgedDraft, type Batch, type BatchFile, type Draft } from '../../core/ingest/ingest.model';
import { conflict, StorageError } from '../../core/shared/errors';
import type { ItemId } from '../../core/shared/ids';
import { isDuplicateKey } from './mongo.database';
import { guard } from './mongo.shared-errors';
import { RevisionChain } from './mongo.shared-revisions';

export const BATCHES = 'batches';
export const BATCH_FILES = 'batch_files';
export const DRAFTS = 'drafts';
export const FINGERPRINTS = 'fingerprints';
export const TITLE_VARIANTS = 'title_variants';

type BatchBody = Omit<Batch, 'files'>;

interface BatchDoc {
  _id: string;
  body: BatchBody;
}

/** One file of a batch, a document of its own: many jobs page the files of one batch at once. */
interface BatchFileDoc {
  _id: string;
  batchId: string;
  n: number;
  /** When this file was last written: the batch's `updatedAt` is the latest of these and its own. */
  at: string;
  body: BatchFile;
}

interface FingerprintDoc {
  _id: string;
  batchId: string;
  file: number;
  itemId: string | null;
}

/** `_id` is the pair itself, so a variant is learnt once whether or not the indexes exist yet. */
interface TitleVariantDoc {
  _id: string;
  businessStep: string;
  variant: string;
  by: string;
  at: string;
}

const fileId = (batchId: string, n: number) => `${batchId}#${n}`;

/**
 * Ingest batches, drafts, fingerprints and title variants in MongoDB. A batch's files are documents of
 * their own (`batch_files`), so concurrent jobs writing different files of one batch never rewrite each
 * other's; a file write does not touch the batch document either (FerretDB rewrites a whole document on
 * every update, which would undo a concurrent status change), so the batch's `updatedAt` is read as the
 * latest of its own and its files'. Drafts are revisioned documents (`RevisionChain`): compare-and-set
 * by an insert that only one writer of a revision can make.
 */
export class MongoIngestRepository implements IngestRepository {
  private readonly batches: Collection<BatchDoc>;
  private readonly files: Collection<BatchFileDoc>;
  private readonly drafts: RevisionChain<Draft>;
  private readonly draftHeads: Collection<Document>;
  private readonly fingerprints: Collection<FingerprintDoc>;
  private readonly variants: Collection<TitleVariantDoc>;

  constructor(db: Db) {
    this.batches = db.collection<BatchDoc>(BATCHES);
    this.files = db.collection<BatchFileDoc>(BATCH_FILES);
    this.drafts = new RevisionChain<Draft>(db, DRAFTS);
    this.draftHeads = db.collection(DRAFTS);
    this.fingerprints = db.collection<FingerprintDoc>(FINGERPRINTS);
    this.variants = db.collection<TitleVariantDoc>(TITLE_VARIANTS);
  }

  /** The files first, then the batch: no reader sees a batch without its files. */
  async createBatch(batch: Batch): Promise<void> {
    const { files, ...body } = batch;
    await guard(`Could not write batch ${batch.id}.`, async () => {
      if (files.length > 0)
        await this.files.bulkWrite(
          files.map((f) => ({
            replaceOne: {
              filter: { _id: fileId(batch.id, f.n) },
              replacement: { batchId: batch.id, n: f.n, at: batch.updatedAt, body: f },
              upsert: true,
            },
          })),
        );
      await this.batches.insertOne({ _id: batch.id, body });
    });
  }

  async getBatch(id: string): Promise<Batch | null> {
    return guard(`Could not read batch ${id}.`, async () => {
      const doc = await this.batches.findOne({ _id: id });
      if (!doc) return null;
      return (await this.withFiles([doc]))[0]!;
    });
  }

  async setBatchStatus(id: string, status: Batch['status'], at: string): Promise<void> {
    await guard(`Could not write batch ${id}.`, () =>
      this.batches.updateOne({ _id: id }, { $set: { 'body.status': status, 'body.updatedAt': at } }),
    );
  }

  async putBatchFile(batchId: string, file: BatchFile, at: string): Promise<void> {
    const replace = () =>
      this.files.replaceOne(
        { _id: fileId(batchId, file.n) },
        { batchId, n: file.n, at, body: file },
        { upsert: true },
      );
    await guard(`Could not write file ${file.n} of batch ${batchId}.`, async () => {
      try {
        await replace();
      } catch (e) {
        // Two upserts of a file not yet stored: the loser's insert meets the winner's; replace it now.
        if (!isDuplicateKey(e)) throw e;
        await replace();
      }
    });
  }

  async listBatches(sections: string[] | undefined, limit: number): Promise<Batch[]> {
    return guard('Could not list batches.', async () => {
      const docs = await this.batches
        .find(sections ? { 'body.section': { $in: sections } } : {})
        .sort({ 'body.createdAt': -1 })
        .limit(limit)
        .toArray();
      return this.withFiles(docs);
    });
  }

  private async withFiles(docs: BatchDoc[]): Promise<Batch[]> {
    if (docs.length === 0) return [];
    const files = await this.files
      .find(docs.length === 1 ? { batchId: docs[0]!._id } : { batchId: { $in: docs.map((d) => d._id) } })
      .sort({ batchId: 1, n: 1 })
      .toArray();
    return docs.map(({ body }) => {
      const own = files.filter((f) => f.batchId === body.id);
      const updatedAt = own.reduce((latest, f) => (f.at > latest ? f.at : latest), body.updatedAt);
      return { ...body, updatedAt, files: own.map((f) => f.body) };
    });
  }

  async insertDraft(draft: Draft): Promise<boolean> {
    return guard(`Could not write draft ${draft.id}.`, () => this.drafts.insert(draft));
  }

  async updateDraft(draft: Draft): Promise<void> {
    const result = await guard(`Could not write draft ${draft.id}.`, () => this.drafts.compareAndSet(draft));
    if (!result.written)
      throw conflict(
        'draft.stale',
        `Draft ${draft.id} was changed by someone else; reload it and try again.`,
      );
  }

  async getDraft(id: string): Promise<Draft | null> {
    return guard(`Could not read draft ${id}.`, () => this.drafts.get(id));
  }

  async listDrafts(f: DraftFilters, limit: number, cursor: string | null) {
    const filter: Record<string, unknown> = {};
    if (f.batchId) filter['body.batchId'] = f.batchId;
    if (f.status) filter['body.status'] = f.status;
    if (f.sections) filter['body.section'] = { $in: f.sections };
    // Like the SQLite twin, a cursor that is not one of ours starts from the beginning.
    const after = cursor && /^[0-9a-f]{24}$/.test(cursor) ? new ObjectId(cursor) : null;
    const page = await guard('Could not list drafts.', () => this.drafts.page(filter, limit, after, false));
    return { drafts: page.docs, nextCursor: page.more && page.last ? page.last.toHexString() : null };
  }

  async draftCounts(batchId: string): Promise<Record<Draft['status'], number>> {
    const counts: Record<Draft['status'], number> = {
      processing: 0,
      filed: 0,
      needs_review: 0,
      failed: 0,
      merged: 0,
    };
    const rows = await guard(`Could not count the drafts of batch ${batchId}.`, () =>
      this.draftHeads
        .aggregate<{ _id: Draft['status']; n: number }>([
          { $match: { 'body.batchId': batchId } },
          { $group: { _id: '$body.status', n: { $sum: 1 } } },
        ])
        .toArray(),
    );
    for (const r of rows) counts[r._id] = r.n;
    return counts;
  }

  /**
   * Scrubs the draft over whatever revision is stored: on losing a race to another writer it reads the
   * newer revision and scrubs that. Already purged: left as it is, but any earlier revision's content
   * still held (a writer that died between its writes) is dropped again, so a resumed destruction ends
   * with nothing readable left.
   */
  async purgeDraft(draftId: string, at: string): Promise<Draft | null> {
    return guard(`Could not purge draft ${draftId}.`, async () => {
      for (let round = 0; round < 50; round++) {
        const draft = await this.drafts.latest(draftId);
        if (!draft) return null;
        if (draft.purged) {
          await this.drafts.forgetEarlier(draftId, draft.revision);
          return draft;
        }
        const purged = purgedDraft(draft, at);
        if ((await this.drafts.compareAndSet(purged)).written) return purged;
      }
      throw new StorageError(`Draft ${draftId} keeps changing; try the purge again.`, true);
    });
  }

  async claimFingerprint(print: Fingerprint): Promise<Fingerprint> {
    return guard('Could not record a file fingerprint.', async () => {
      try {
        await this.fingerprints.insertOne({
          _id: print.sha256,
          batchId: print.batchId,
          file: print.file,
          itemId: print.itemId,
        });
        return { ...print };
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
      const owner = await this.getFingerprint(print.sha256);
      if (!owner) throw new StorageError('A file fingerprint vanished while it was read.', true);
      return owner;
    });
  }

  async getFingerprint(sha256: string): Promise<Fingerprint | null> {
    const doc = await guard('Could not read a file fingerprint.', () =>
      this.fingerprints.findOne({ _id: sha256 }),
    );
    return doc
      ? { sha256: doc._id, batchId: doc.batchId, file: doc.file, itemId: doc.itemId as ItemId | null }
      : null;
  }

  async setFingerprintItem(sha256: string, itemId: ItemId): Promise<void> {
    await guard('Could not write a file fingerprint.', () =>
      this.fingerprints.updateOne({ _id: sha256 }, { $set: { itemId } }),
    );
  }

  /** Migration only (scripts/migrate/): every draft's id and revision, without reading the drafts. */
  async *draftRevisions(): AsyncIterable<{ id: string; revision: number }> {
    for await (const head of this.draftHeads.find({}, { projection: { 'body.revision': 1 } }))
      yield { id: String(head._id), revision: (head.body as { revision: number }).revision };
  }

  /** Migration only (scripts/migrate/): every fingerprint, for the migration report. */
  async *allFingerprints(): AsyncIterable<Fingerprint> {
    for await (const doc of this.fingerprints.find({}))
      yield { sha256: doc._id, batchId: doc.batchId, file: doc.file, itemId: doc.itemId as ItemId | null };
  }

  async addTitleVariant(v: { businessStep: string; variant: string; by: string; at: string }): Promise<void> {
    await guard('Could not store a title variant.', async () => {
      try {
        await this.variants.insertOne({
          _id: JSON.stringify([v.businessStep, v.variant]),
          businessStep: v.businessStep,
          variant: v.variant,
          by: v.by,
          at: v.at,
        });
      } catch (e) {
        if (!isDuplicateKey(e)) throw e;
      }
    });
  }

  async titleVariants(): Promise<{ businessStep: string; variant: string }[]> {
    const docs = await guard('Could not read the title variants.', () =>
      this.variants
        .find({}, { projection: { _id: 0, businessStep: 1, variant: 1 } })
        .sort({ at: 1, businessStep: 1, variant: 1 })
        .toArray(),
    );
    return docs.map((d) => ({ businessStep: d.businessStep, variant: d.variant }));
  }
}
