import type { IngestRepository } from '../../server/core/ingest/ingest-repository.port';
import type { Batch, Draft } from '../../server/core/ingest/ingest.model';
import type { ItemId } from '../../server/core/shared/ids';

export interface IngestRepositoryFixture {
  repo: IngestRepository;
  cleanup(): Promise<void>;
}

const AT = '2025-03-01T08:00:00.000Z';

function batch(id: string, section = '养老保险科'): Batch {
  return {
    id,
    source: 'upload',
    fondsCode: '160',
    section,
    splitMode: 'file',
    status: 'paging',
    files: [1, 2].map((n) => ({
      n,
      originalName: `scan-${n}.jpg`,
      bytes: 10,
      sha256: String(n).repeat(64),
      mediaType: 'image/jpeg',
      status: 'stored' as const,
      pages: 0,
      error: null,
      duplicateOf: null,
    })),
    createdBy: 'clerk',
    createdAt: AT,
    updatedAt: AT,
  };
}

function draft(id: string, batchId: string, section = '养老保险科'): Draft {
  return {
    id,
    batchId,
    itemId: `itm_${id}` as ItemId,
    fondsCode: '160',
    section,
    status: 'processing',
    done: [],
    pages: [],
    hint: null,
    quality: [],
    searchablePdf: null,
    extraction: null,
    classification: null,
    reasons: [],
    error: null,
    corrections: [],
    createdAt: AT,
    updatedAt: AT,
    revision: 1,
  };
}

/** The IngestRepository contract: every adapter must pass it unchanged. */
export function ingestRepositoryContract(name: string, make: () => Promise<IngestRepositoryFixture>): void {
  describe(`IngestRepository contract: ${name}`, () => {
    let fx: IngestRepositoryFixture;
    let repo: IngestRepository;
    beforeEach(async () => {
      fx = await make();
      repo = fx.repo;
    });
    afterEach(async () => fx.cleanup());

    it('stores a batch with its files, and replaces one file without touching the others', async () => {
      await repo.createBatch(batch('b1'));
      const file = { ...batch('b1').files[0]!, status: 'paged' as const, pages: 3 };
      await repo.putBatchFile('b1', file, '2025-03-01T09:00:00.000Z');
      await repo.setBatchStatus('b1', 'processing', '2025-03-01T09:00:01.000Z');
      const got = await repo.getBatch('b1');
      expect(got).toMatchObject({ status: 'processing', updatedAt: '2025-03-01T09:00:01.000Z' });
      expect(got!.files.map((f) => [f.n, f.status, f.pages])).toEqual([
        [1, 'paged', 3],
        [2, 'stored', 0],
      ]);
      expect(await repo.getBatch('nope')).toBeNull();
    });

    it('lists batches newest first, confined to sections', async () => {
      await repo.createBatch(batch('b1'));
      await repo.createBatch({ ...batch('b2', '工伤保险科'), createdAt: '2025-03-02T08:00:00.000Z' });
      expect((await repo.listBatches(undefined, 10)).map((b) => b.id)).toEqual(['b2', 'b1']);
      expect((await repo.listBatches(['工伤保险科'], 10)).map((b) => b.id)).toEqual(['b2']);
      expect(await repo.listBatches([], 10)).toEqual([]);
    });

    it('inserts a draft once, updates it only at the expected revision', async () => {
      await repo.createBatch(batch('b1'));
      expect(await repo.insertDraft(draft('d1', 'b1'))).toBe(true);
      expect(await repo.insertDraft({ ...draft('d1', 'b1'), section: 'other' })).toBe(false);
      expect((await repo.getDraft('d1'))!.section).toBe('养老保险科');
      await repo.updateDraft({ ...draft('d1', 'b1'), status: 'needs_review', revision: 2 });
      await expect(repo.updateDraft({ ...draft('d1', 'b1'), revision: 2 })).rejects.toMatchObject({
        code: 'draft.stale',
      });
      expect(await repo.getDraft('d1')).toMatchObject({ status: 'needs_review', revision: 2 });
      expect(await repo.getDraft('d9')).toBeNull();
    });

    it('lists drafts oldest first by batch, status and section, paged by cursor, and counts them', async () => {
      await repo.createBatch(batch('b1'));
      await repo.createBatch(batch('b2'));
      for (const id of ['d1', 'd2', 'd3']) await repo.insertDraft(draft(id, 'b1'));
      await repo.insertDraft(draft('d4', 'b2', '工伤保险科'));
      await repo.updateDraft({ ...draft('d2', 'b1'), status: 'needs_review', revision: 2 });
      const first = await repo.listDrafts({ batchId: 'b1' }, 2, null);
      expect(first.drafts.map((d) => d.id)).toEqual(['d1', 'd2']);
      const second = await repo.listDrafts({ batchId: 'b1' }, 2, first.nextCursor);
      expect(second).toMatchObject({ nextCursor: null });
      expect(second.drafts.map((d) => d.id)).toEqual(['d3']);
      expect((await repo.listDrafts({ status: 'needs_review' }, 10, null)).drafts.map((d) => d.id)).toEqual([
        'd2',
      ]);
      expect((await repo.listDrafts({ sections: ['工伤保险科'] }, 10, null)).drafts.map((d) => d.id)).toEqual(
        ['d4'],
      );
      expect(await repo.draftCounts('b1')).toEqual({
        processing: 2,
        needs_review: 1,
        filed: 0,
        failed: 0,
        merged: 0,
      });
    });

    it('purges a destroyed item’s draft: nothing of its pages, text or findings stays, once', async () => {
      await repo.createBatch(batch('b1'));
      const secret = { name: '赵建国', residentId: '110105194912310029' };
      const page = (file: number, n: number) => ({
        sha256: `${file}${n}`.repeat(32),
        mediaType: 'application/pdf',
        bytes: 100,
        from: { file, page: n, originalName: `${secret.name}.pdf` },
        textLayer: `姓名 ${secret.name} 公民身份号码 ${secret.residentId}`,
        raster: 'c'.repeat(64),
        dpi: 300,
        separator: null,
        analysis: { width: 10, height: 10, dpi: 300, skewDegrees: 0, blank: false, inkRatio: 0.1 },
        preview: 'd'.repeat(64),
        thumbnail: 'e'.repeat(64),
        ocr: { text: secret.name, confidence: 0.9, words: 'f'.repeat(64) },
      });
      const full: Draft = {
        ...draft('d1', 'b1'),
        status: 'filed',
        done: ['quality', 'derivatives', 'ocr', 'register'],
        pages: [page(2, 0), page(1, 0), page(2, 1)],
        hint: { businessStep: 'DY-01', personName: secret.name, residentId: secret.residentId },
        quality: [{ page: 1, code: 'skew', severity: 'warning', message: '倾斜' }],
        searchablePdf: 'a'.repeat(64),
        extraction: {
          title: `${secret.name}养老待遇核定表`,
          persons: [{ name: secret.name, residentId: secret.residentId, socialInsuranceNo: null }],
          units: [],
          handlers: [],
          dates: [],
          residentIds: [secret.residentId],
          creditCodes: [],
        },
        reasons: [`${secret.name}：题名不确定`],
        corrections: [{ field: 'title', from: secret.name, to: secret.name, by: 'clerk', at: AT }],
      };
      await repo.insertDraft(full);
      await repo.insertDraft(draft('d2', 'b1'));

      const purged = await repo.purgeDraft('d1', '2025-04-01T00:00:00.000Z');
      const stored = await repo.getDraft('d1');
      expect(stored).toEqual(purged);
      expect(stored).toMatchObject({
        id: 'd1',
        batchId: 'b1',
        itemId: 'itm_d1',
        status: 'filed',
        done: ['quality', 'derivatives', 'ocr', 'register'],
        pages: [],
        hint: null,
        quality: [],
        searchablePdf: null,
        extraction: null,
        classification: null,
        reasons: [],
        error: null,
        corrections: [],
        purged: { at: '2025-04-01T00:00:00.000Z', pages: 3, files: [1, 2] },
        updatedAt: '2025-04-01T00:00:00.000Z',
        revision: 2,
      });
      const text = JSON.stringify(stored);
      for (const s of [secret.name, secret.residentId, 'c'.repeat(64), 'f'.repeat(64), 'a'.repeat(64)])
        expect([s, text.includes(s)]).toEqual([s, false]);
      // Again: left as it is (the first time is the one recorded).
      expect(await repo.purgeDraft('d1', '2025-05-01T00:00:00.000Z')).toEqual(stored);
      expect(await repo.getDraft('d1')).toEqual(stored);
      // Other drafts are untouched; a missing one is null; the purged one still counts under its status.
      expect(await repo.getDraft('d2')).toEqual(draft('d2', 'b1'));
      expect(await repo.purgeDraft('d9', AT)).toBeNull();
      expect((await repo.draftCounts('b1')).filed).toBe(1);
      expect((await repo.listDrafts({ batchId: 'b1' }, 10, null)).drafts.map((d) => d.id)).toEqual([
        'd1',
        'd2',
      ]);
    });

    it('keeps the first owner of a fingerprint, and the item it ended in', async () => {
      const sha = 'a'.repeat(64);
      expect(await repo.claimFingerprint({ sha256: sha, batchId: 'b1', file: 1, itemId: null })).toEqual({
        sha256: sha,
        batchId: 'b1',
        file: 1,
        itemId: null,
      });
      expect(
        await repo.claimFingerprint({ sha256: sha, batchId: 'b2', file: 4, itemId: null }),
      ).toMatchObject({
        batchId: 'b1',
        file: 1,
      });
      expect(await repo.getFingerprint(sha)).toMatchObject({ batchId: 'b1', file: 1 });
      expect(await repo.getFingerprint('b'.repeat(64))).toBeNull();
      await repo.setFingerprintItem(sha, 'itm_x' as ItemId);
      expect(
        (await repo.claimFingerprint({ sha256: sha, batchId: 'b3', file: 1, itemId: null })).itemId,
      ).toBe('itm_x');
    });

    it('learns each title variant once', async () => {
      await repo.addTitleVariant({ businessStep: 'DJ-01', variant: '社保登记表', by: 'clerk', at: AT });
      await repo.addTitleVariant({ businessStep: 'DJ-01', variant: '社保登记表', by: 'clerk2', at: AT });
      expect(await repo.titleVariants()).toEqual([{ businessStep: 'DJ-01', variant: '社保登记表' }]);
    });
  });
}
