import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { JsqrSeparatorReader } from '../../ingest/adapters/jsqr.separator-reader';
import { renderWithPdfjs } from '../../ingest/adapters/pdf-raster';
import { openWithPdfjs, pdfjsTextItems } from '../../ingest/adapters/pdfjs-loader';
import { SYSTEM_ACTOR as actor } from '../../server/core/access/actor';
import type { Item } from '../../server/core/items/item.model';
import { ManualClock } from '../../server/core/shared/clock.port';
import { addItemsToBox } from '../../server/core/store/boxes';
import { fakePages, insertArchived, type ArchivalGroup } from '../support/archived-items';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

/** The text of every page of a PDF, page by page. */
async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const doc = await openWithPdfjs(bytes);
  try {
    const pages: string[] = [];
    for (let i = 0; i < doc.numPages; i++)
      pages.push((await pdfjsTextItems(doc, i)).map((t) => t.str).join(''));
    return pages;
  } finally {
    await doc.destroy();
  }
}

/** Page `index` as a PNG (pdf.js on @napi-rs/canvas); written beside the test data for a look. */
async function raster(bytes: Uint8Array, index: number, dpi: number, save?: string): Promise<Uint8Array> {
  const doc = await openWithPdfjs(bytes);
  try {
    const png = await renderWithPdfjs(doc, index, dpi);
    if (!png) throw new Error('no rasteriser (@napi-rs/canvas) available');
    if (save && process.env.STORE_TEST_PNG_DIR)
      writeFileSync(join(process.env.STORE_TEST_PNG_DIR, save), png);
    return png;
  } finally {
    await doc.destroy();
  }
}

describe.each(testBackends())(
  'API: boxes, shelves and movements (装盒 → 上架 → 出入库) [%s backends]',
  (backend) => {
    const clock = new ManualClock(new Date('2024-03-01T01:00:00Z'));
    let t: TestArchive;
    let archivist: string;
    let archivist2: string;
    let clerk: string;
    let auditor: string;

    /** Archived, numbered items of a group, inserted directly (accession is another suite's subject). */
    async function archived(
      group: ArchivalGroup,
      numbers: number[],
      pageCount = 2,
      overrides: Partial<Item> = {},
    ): Promise<Item[]> {
      return insertArchived(t.stores.items, group, numbers, (n) => ({
        title: `张伟在职职工增员申报表 第${n}件`,
        docNumber: `涪社保〔${group.year}〕${n}号`,
        pages: fakePages(pageCount),
        ...overrides,
      }));
    }

    /** Sessions last 12 hours: after moving the clock, everyone logs in again. */
    async function loginAll(): Promise<void> {
      archivist = await t.login('archivist');
      archivist2 = await t.login('archivist');
      clerk = await t.login('clerk');
      auditor = await t.login('auditor');
    }

    const post = (token: string, path: string, body: unknown) =>
      t.api(token, path, { method: 'POST', body: JSON.stringify(body) });
    const patch = (token: string, path: string, body: unknown) =>
      t.api(token, path, { method: 'PATCH', body: JSON.stringify(body) });

    let smallType: { id: string };

    beforeAll(async () => {
      t = await startTestArchive({ backend, clock });
      await loginAll();
    }, 60_000);
    afterAll(async () => t.close());

    it('lists the sources’ two box types and lets the archivist add and edit one', async () => {
      const list = await t.api(clerk, '/api/box-types');
      expect(list.status).toBe(200);
      expect(list.body.boxTypes.map((b: any) => [b.lengthMm, b.widthMm, b.thicknessMm, b.years])).toEqual([
        [310, 220, 60, { from: 2012 }],
        [340, 240, 40, { to: 2011 }],
      ]);
      const created = await post(archivist, '/api/box-types', {
        name: '测试盒 310×220×20',
        lengthMm: 310,
        widthMm: 220,
        thicknessMm: 20,
        capacityItems: 3,
        capacityPages: 10,
      });
      expect(created.status).toBe(201);
      smallType = created.body;
      expect(created.body).toMatchObject({ capacityItems: 3, capacityPages: 10, active: true, revision: 1 });
      const edited = await patch(archivist, `/api/box-types/${smallType.id}`, {
        note: '测试用',
        revision: 1,
      });
      expect(edited.body).toMatchObject({ note: '测试用', revision: 2 });
      const stale = await patch(archivist, `/api/box-types/${smallType.id}`, { note: '晚了', revision: 1 });
      expect(stale.status).toBe(409);
      expect(stale.body.error.code).toBe('record.stale');
      const refused = await post(clerk, '/api/box-types', { ...created.body, id: undefined });
      expect(refused.status).toBe(400); // unknown fields are refused before the role is even asked
      const forbidden = await post(clerk, '/api/box-types', {
        name: 'x',
        lengthMm: 310,
        widthMm: 220,
        thicknessMm: 20,
        capacityItems: 3,
      });
      expect(forbidden.status).toBe(403);
    });

    it('packs items of one group in 档号 order, derives 起止件号, and refuses what does not belong', async () => {
      const items = await archived({ year: 2013, classCode: 'GL', retention: 'D100' }, [3, 1, 2]);
      const other = await archived({ year: 2013, classCode: 'GL', retention: 'D30' }, [1]);
      const [notArchived] = await archived({ year: 2013, classCode: 'GL', retention: 'D100' }, [99], 1, {
        status: 'in_transfer',
        archivalCode: null,
        itemNumber: null,
      });
      const group = { fondsCode: '160', year: 2013, classCode: 'GL', retention: 'D100' };
      const created = await post(archivist, '/api/boxes', {
        ...group,
        typeId: smallType.id,
        items: items.map((i) => i.id),
      });
      expect(created.status).toBe(201);
      const box = created.body;
      expect(box).toMatchObject({
        boxNumber: '0001',
        code: '160-2013-GL-D100-盒0001',
        itemRange: '0001-0003',
        itemCount: 3,
        pageCount: 6,
        status: 'open',
      });
      expect(box.entries.map((e: any) => e.itemNumber)).toEqual([1, 2, 3]);
      const seen = await t.api(archivist, `/api/items/${items[0]!.id}`);
      expect(seen.body.box).toEqual({ boxId: box.id, boxNumber: '0001' });

      const second = await post(archivist, '/api/boxes', { ...group, typeId: smallType.id });
      expect(second.body.boxNumber).toBe('0002');
      const mixed = await post(archivist, `/api/boxes/${second.body.id}/items`, { items: [other[0]!.id] });
      expect(mixed.status).toBe(400);
      expect(mixed.body.error.code).toBe('box.mixed_group');
      const unarchived = await post(archivist, `/api/boxes/${second.body.id}/items`, {
        items: [notArchived!.id],
      });
      expect(unarchived.status).toBe(409);
      expect(unarchived.body.error.code).toBe('box.item_not_archived');
      const twice = await post(archivist, `/api/boxes/${second.body.id}/items`, { items: [items[1]!.id] });
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('box.item_already_boxed');
      const more = await archived({ year: 2013, classCode: 'GL', retention: 'D100' }, [4, 5, 6, 7]);
      const over = await post(archivist, `/api/boxes/${second.body.id}/items`, {
        items: more.map((i) => i.id),
      });
      expect(over.status).toBe(409);
      expect(over.body.error.code).toBe('box.over_capacity');
      const heavy = await archived({ year: 2013, classCode: 'GL', retention: 'D100' }, [8, 9], 6);
      const pagesOver = await post(archivist, `/api/boxes/${second.body.id}/items`, {
        items: heavy.map((i) => i.id),
      });
      expect(pagesOver.body.error.code).toBe('box.over_capacity');
      expect(pagesOver.body.error.details).toMatchObject({ pages: 12, capacityPages: 10 });

      // Taking an item out, then sealing: the contents are fixed.
      const third = items.find((i) => i.itemNumber === 3)!;
      const removed = await post(archivist, `/api/boxes/${box.id}/items/remove`, { items: [third.id] });
      expect(removed.body).toMatchObject({ itemRange: '0001-0002', itemCount: 2 });
      expect((await t.api(archivist, `/api/items/${third.id}`)).body.box).toBeNull();
      const sealed = await post(archivist, `/api/boxes/${box.id}/seal`, {});
      expect(sealed.body).toMatchObject({ status: 'sealed', sealedBy: 'archivist' });
      expect(sealed.body.note).toMatchObject({ arrangedBy: 'archivist', arrangedOn: '2024-03-01' });
      const boxIds = async (status: string) =>
        (await t.api(archivist, `/api/boxes?status=${status}`)).body.boxes.map((b: any) => b.id);
      expect(await boxIds('sealed')).toContain(box.id);
      expect(await boxIds('open')).not.toContain(box.id);
      const afterSeal = await post(archivist, `/api/boxes/${box.id}/items`, { items: [third.id] });
      expect(afterSeal.body.error.code).toBe('box.sealed');
      await post(archivist, `/api/boxes/${box.id}/reopen`, {});
      const added = await post(archivist, `/api/boxes/${box.id}/items`, { items: [third.id] });
      expect(added.body.itemRange).toBe('0001-0003');
      expect(added.body.log).toEqual([
        expect.objectContaining({ kind: 'added', archivalCodes: ['160-2013-GL-D100-0003'] }),
      ]);
      const view = await t.api(archivist, `/api/boxes/${box.id}`);
      expect(view.body.items.map((i: any) => i.title)).toEqual([
        '张伟在职职工增员申报表 第1件',
        '张伟在职职工增员申报表 第2件',
        '张伟在职职工增员申报表 第3件',
      ]);

      const audit = await t.stores.deps.audit.list({ target: box.id, limit: 50 });
      expect(audit.map((a) => a.action)).toEqual(
        expect.arrayContaining(['box.create', 'box.remove_items', 'box.seal', 'box.reopen', 'box.add_items']),
      );
    });

    it('lets exactly one of two archivists put the same item into two boxes at once', async () => {
      const group = { fondsCode: '160', year: 2015, classCode: 'GL', retention: 'D100' };
      const items = await archived({ year: 2015, classCode: 'GL', retention: 'D100' }, [1, 2, 3, 4, 5, 6]);
      const a = (await post(archivist, '/api/boxes', group)).body;
      const b = (await post(archivist2, '/api/boxes', group)).body;
      for (const item of items) {
        const results = await Promise.all([
          post(archivist, `/api/boxes/${a.id}/items`, { items: [item.id] }),
          post(archivist2, `/api/boxes/${b.id}/items`, { items: [item.id] }),
        ]);
        const statuses = results.map((r) => r.status).sort();
        expect(statuses[0]).toBe(200);
        expect(statuses[1]).toBe(409);
        // The loser lost either the item (boxed elsewhere) or the race on its own box record.
        const winner = results.find((r) => r.status === 200)!.body;
        const stored = await t.stores.items.get(item.id);
        expect(stored!.box!.boxId).toBe(winner.id);
      }
      const [boxA, boxB] = await Promise.all([
        t.api(archivist, `/api/boxes/${a.id}`),
        t.api(archivist, `/api/boxes/${b.id}`),
      ]);
      const inA = boxA.body.entries.map((e: any) => e.itemId);
      const inB = boxB.body.entries.map((e: any) => e.itemId);
      expect([...inA, ...inB].sort()).toEqual(items.map((i) => i.id).sort());
      expect(inA.filter((id: string) => inB.includes(id))).toEqual([]);

      // In-process the two use cases interleave at every await: the item's claim decides, not the read.
      const more = await archived({ year: 2015, classCode: 'GL', retention: 'D100' }, [7, 8, 9, 10]);
      const ctx = { requestId: null };
      for (const item of more) {
        const settled = await Promise.allSettled([
          addItemsToBox(t.archive.deps, actor, ctx, a.id, { items: [item.id] }),
          addItemsToBox(t.archive.deps, actor, ctx, b.id, { items: [item.id] }),
        ]);
        expect(settled.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        const lost = settled.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(['box.item_already_boxed', 'record.stale']).toContain(lost.reason.code);
      }
      const after = await Promise.all(
        [a.id, b.id].map((id) => t.stores.deps.records.collection<any>('box').get(id)),
      );
      const entries = after.flatMap((x) => x.entries.map((e: any) => e.itemId));
      expect(entries.filter((id: string) => more.some((m) => m.id === id)).length).toBe(more.length);
      expect(new Set(entries).size).toBe(entries.length);
    });

    it('suggests packing of unboxed items filled to capacity, and applies it', async () => {
      const group = { year: 2014, classCode: 'ZJ', retention: 'D30' as const };
      await archived(group, [1, 2, 3, 4, 5, 6, 7]);
      const q = `fondsCode=160&year=2014&classCode=ZJ&retention=D30&typeId=${smallType.id}`;
      const suggestion = await t.api(archivist, `/api/boxes/packing?${q}`);
      expect(suggestion.status).toBe(200);
      expect(suggestion.body).toMatchObject({ unboxedItems: 7, newBoxes: 3, truncated: false });
      expect(suggestion.body.boxes.map((b: any) => b.itemRange)).toEqual(['0001-0003', '0004-0006', '0007']);
      const applied = await post(archivist, '/api/boxes/packing/apply', {
        boxes: suggestion.body.boxes.map((b: any) => ({
          boxId: b.boxId,
          typeId: b.typeId,
          items: b.items.map((i: any) => i.itemId),
        })),
      });
      expect(applied.status).toBe(200);
      expect(applied.body.failed).toEqual([]);
      expect(applied.body.applied.map((a: any) => [a.code, a.items])).toEqual([
        ['160-2014-ZJ-D30-盒0001', 3],
        ['160-2014-ZJ-D30-盒0002', 3],
        ['160-2014-ZJ-D30-盒0003', 1],
      ]);
      // Two more items arrive: the last open box is topped up first.
      await archived(group, [8, 9, 10]);
      const next = await t.api(archivist, `/api/boxes/packing?${q}`);
      expect(next.body.boxes.map((b: any) => [b.boxNumber, b.itemRange])).toEqual([
        ['0003', '0008-0009'],
        [null, '0010'],
      ]);
      // Applying a stale suggestion again fails box by box, without packing anything twice.
      const again = await post(archivist, '/api/boxes/packing/apply', {
        boxes: suggestion.body.boxes.map((b: any) => ({ items: b.items.map((i: any) => i.itemId) })),
      });
      expect(again.body.applied).toEqual([]);
      expect(again.body.failed.map((f: any) => f.code)).toEqual([
        'box.item_already_boxed',
        'box.item_already_boxed',
        'box.item_already_boxed',
      ]);
    });

    let room: { id: string };
    it('builds a store room, places and moves boxes, and maps who stands where', async () => {
      const made = await post(archivist, '/api/locations', {
        kind: 'room',
        number: 1,
        name: '业务档案库房',
        layout: { rows: 2, sections: 2, shelves: 2, capacity: 2 },
      });
      expect(made.status).toBe(201);
      expect(made.body).toMatchObject({
        created: 1 + 2 + 4 + 8,
        location: { code: '1库', name: '业务档案库房' },
      });
      room = made.body.location;
      const again = await post(archivist, '/api/locations', { kind: 'room', number: 1 });
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('location.exists');
      const rows = await t.api(archivist, `/api/locations?parentId=${room.id}`);
      expect(rows.body.locations.map((l: any) => l.code)).toEqual(['1库-01列', '1库-02列']);
      const sections = await t.api(archivist, `/api/locations?parentId=${rows.body.locations[0].id}`);
      const shelves = await t.api(archivist, `/api/locations?parentId=${sections.body.locations[0].id}`);
      const [shelf1, shelf2] = shelves.body.locations;
      expect(shelf1).toMatchObject({ code: '1库-01列-1节-1层', capacity: 2, boxes: [] });

      const list = await t.api(archivist, '/api/boxes?fondsCode=160&year=2014&classCode=ZJ&retention=D30');
      const [b3, b2, b1] = list.body.boxes; // newest first
      expect([b1.boxNumber, b2.boxNumber, b3.boxNumber]).toEqual(['0001', '0002', '0003']);
      const placed = await post(archivist, `/api/boxes/${b2.id}/place`, { shelfId: shelf1.id });
      expect(placed.status).toBe(200);
      expect(placed.body).toMatchObject({ locationCode: '1库-01列-1节-1层', roomId: room.id });
      await post(archivist, `/api/boxes/${b1.id}/place`, { shelfId: shelf1.id });
      const full = await post(archivist, `/api/boxes/${b3.id}/place`, { shelfId: shelf1.id });
      expect(full.status).toBe(409);
      expect(full.body.error.code).toBe('location.full');
      const twice = await post(archivist, `/api/boxes/${b1.id}/place`, { shelfId: shelf2.id });
      expect(twice.body.error.code).toBe('box.already_shelved');
      expect((await post(archivist, `/api/boxes/${b3.id}/place`, { shelfId: shelf2.id })).status).toBe(200);

      clock.advance(24 * 3600_000);
      await loginAll();
      const moved = await post(archivist, `/api/boxes/${b2.id}/move`, {
        shelfId: shelf2.id,
        note: '调整排架',
      });
      expect(moved.body).toMatchObject({ locationCode: '1库-01列-1节-2层' });

      const map = await t.api(archivist, `/api/locations/${room.id}/map`);
      expect(map.status).toBe(200);
      expect(map.body.order).toBe('年度—类别—保管期限—险种');
      expect(map.body.totals).toMatchObject({ shelves: 8, capacity: 16, occupied: 3, free: 13, boxes: 3 });
      const s = map.body.rows[0].sections[0].shelves;
      expect(s[0]).toMatchObject({ code: '1库-01列-1节-1层', occupied: 1, free: 1 });
      expect(s[0].boxes.map((b: any) => b.boxNumber)).toEqual(['0001']);
      expect(s[1].boxes.map((b: any) => b.boxNumber)).toEqual(['0002', '0003']);
      expect(s[1].ranges).toEqual(['160 2014 ZJ D30 盒0002–0003（件号 0004-0007）']);
      expect(map.body.totals.outOfOrder).toBe(0);

      const moves = await t.api(archivist, `/api/movements?subjectId=${b2.id}`);
      expect(moves.body.movements.map((m: any) => [m.direction, m.reason, m.from, m.to, m.date])).toEqual([
        ['move', 'relocation', '1库-01列-1节-1层', '1库-01列-1节-2层', '2024-03-02'],
        ['in', 'shelving', null, '1库-01列-1节-1层', '2024-03-01'],
      ]);
    });

    it('registers items and boxes going out and coming back, and prints the registers', async () => {
      clock.set(new Date('2024-03-04T02:00:00Z'));
      await loginAll();
      const [item] = await archived({ year: 2014, classCode: 'ZJ', retention: 'D30' }, [11]);
      const boxes = await t.api(archivist, '/api/boxes?fondsCode=160&year=2014&classCode=ZJ&retention=D30');
      const b3 = boxes.body.boxes.find((b: any) => b.boxNumber === '0003');
      const out = await post(archivist, '/api/movements', {
        subject: { kind: 'item', id: item!.id },
        direction: 'out',
        reason: 'digitisation',
        note: '扫描',
        to: '数字化室',
      });
      expect(out.status).toBe(201);
      expect((await t.stores.items.get(item!.id))!.out).toMatchObject({
        reason: 'movement',
        ref: out.body.id,
      });
      const again = await post(archivist, '/api/movements', {
        subject: { kind: 'item', id: item!.id },
        direction: 'out',
        reason: 'inspection',
      });
      expect(again.body.error.code).toBe('item.already_out');
      const boxOut = await post(archivist, '/api/movements', {
        subject: { kind: 'box', id: b3.id },
        direction: 'out',
        reason: 'inspection',
        to: '修裱室',
      });
      expect(boxOut.body).toMatchObject({ from: '1库-01列-1节-2层', to: '修裱室' });
      const addWhileOut = await post(archivist, `/api/boxes/${b3.id}/items`, { items: [item!.id] });
      expect(addWhileOut.body.error.code).toBe('box.out');
      const loanByHand = await post(archivist, '/api/movements', {
        subject: { kind: 'box', id: b3.id },
        direction: 'out',
        reason: 'loan',
      });
      expect(loanByHand.body.error.code).toBe('movement.not_manual');

      clock.set(new Date('2024-03-06T03:00:00Z'));
      await loginAll();
      const back = await post(archivist, '/api/movements', {
        subject: { kind: 'item', id: item!.id },
        direction: 'in',
        reason: 'digitisation',
        from: '数字化室',
      });
      expect(back.body.outMovementId).toBe(out.body.id);
      expect((await t.stores.items.get(item!.id))!.out).toBeNull();
      await post(archivist, '/api/movements', {
        subject: { kind: 'box', id: b3.id },
        direction: 'in',
        reason: 'inspection',
      });
      const closed = await t.api(archivist, `/api/movements?subjectId=${item!.id}&direction=out`);
      expect(closed.body.movements[0]).toMatchObject({
        returnedAt: '2024-03-06T03:00:00.000Z',
        returnMovementId: back.body.id,
      });

      const register = await t.api(
        archivist,
        '/api/movements/register?kind=in_out&from=2024-03-01&to=2024-03-31',
      );
      expect(register.status).toBe(200);
      expect(register.headers.get('content-type')).toBe('application/pdf');
      const text = (await pdfText(register.body)).join('\n');
      expect(text).toContain('业务档案出入库情况登记表');
      for (const column of [
        '序号',
        '日期',
        '档号/盒号',
        '题名',
        '出入库类型',
        '事由',
        '经办人',
        '去向/来源',
        '归还日期',
        '备注',
      ])
        expect(text).toContain(column);
      expect(text).toContain('160-2014-ZJ-D30-0011');
      expect(text).toContain('数字化：扫描');
      expect(text).toContain('2024-03-06');
      expect(text).toContain('入库上架');
      expect(text).not.toContain('调整排架'); // 移位 is in the 异动 register
      await raster(register.body, 0, 100, 'register.png');
      const changes = await t.api(
        archivist,
        '/api/movements/register?kind=changes&from=2024-03-01&to=2024-03-31',
      );
      const changesText = (await pdfText(changes.body)).join('\n');
      expect(changesText).toContain('档案异动登记表');
      expect(changesText).toContain('移位：调整排架');
      expect(changesText).toContain('1库-01列-1节-1层 → 1库-01列-1节-2层');
      expect(changesText).not.toContain('入库上架');
      const xlsx = await t.api(
        archivist,
        '/api/movements/register?kind=in_out&from=2024-03-01&to=2024-03-31&format=xlsx',
      );
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      expect(Buffer.from(xlsx.body).subarray(0, 2).toString()).toBe('PK');
    });

    it('prints box labels whose QR code opens the box, and the box’s 备考表', async () => {
      const boxes = await t.api(archivist, '/api/boxes?fondsCode=160&year=2013&classCode=GL&retention=D100');
      const box = boxes.body.boxes.find((b: any) => b.boxNumber === '0001');
      const pdf = await t.api(archivist, `/api/boxes/${box.id}/labels`);
      expect(pdf.status).toBe(200);
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const [cover, spine] = await pdfText(pdf.body);
      for (const field of ['全宗号', '年度', '类别', '保管期限', '起止件号', '盒号'])
        for (const page of [cover, spine]) expect(page).toContain(field);
      expect(cover).toContain('重庆市涪陵区社会保险局');
      expect(cover).toContain('社会保险管理类（GL）');
      expect(cover).toContain('0001-0003');
      expect(cover).toContain('100年');
      expect(cover).toContain('2013');
      expect(cover).toContain('220×310 mm');
      expect(spine).toContain('宽 20 mm 原大');
      const reader = new JsqrSeparatorReader({ sides: [1200, 2400] });
      expect(await reader.read(await raster(pdf.body, 0, 150, 'label-cover.png'))).toBe(
        `${t.url}/boxes/${box.id}`,
      );
      await raster(pdf.body, 1, 100, 'label-spine.png');

      const several = await post(archivist, '/api/boxes/labels', { boxes: [box.id, box.id] });
      expect((await pdfText(several.body)).length).toBe(4);

      await patch(archivist, `/api/boxes/${box.id}/note`, {
        checkedBy: '李秀英',
        checkedOn: '2024-03-06',
        revision: box.revision,
      });
      const sheet = await t.api(archivist, `/api/boxes/${box.id}/note-sheet`);
      expect(sheet.status).toBe(200);
      const sheetText = (await pdfText(sheet.body)).join('\n');
      await raster(sheet.body, 0, 80, 'note-sheet.png');
      for (const field of [
        '备考表',
        '盒内文件情况说明',
        '整理人',
        '整理日期',
        '检查人',
        '检查日期',
        '李秀英',
        '2024-03-06',
      ])
        expect(sheetText).toContain(field);
      expect(sheetText).toContain('本盒共 3 件，6 页');
      expect(sheetText).toContain('补充：160-2013-GL-D100-0003');
    });

    it('prints the 归档文件目录 in 档号 order, as PDF and XLSX', async () => {
      await archived({ year: 2016, classCode: 'GL', retention: 'Y' }, [2, 1, 3], 3, { remarks: '原件' });
      const pdf = await t.api(
        archivist,
        '/api/archival-catalogue?fondsCode=160&year=2016&classCode=GL&retention=Y',
      );
      expect(pdf.status).toBe(200);
      const text = (await pdfText(pdf.body)).join('\n');
      expect(text).toContain('归档文件目录');
      for (const column of ['序号', '档号', '文号', '责任者', '题名', '日期', '密级', '页数', '备注'])
        expect(text).toContain(column);
      const codes = ['160-2016-GL-Y-0001', '160-2016-GL-Y-0002', '160-2016-GL-Y-0003'];
      const at = codes.map((c) => text.indexOf(c));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(text).toContain('涪社保〔2016〕1号');
      expect(text).toContain('张伟在职职工增员申报表 第1件');
      expect(text).toContain('共 3 件 9 页');
      expect(text).toContain('永久');
      await raster(pdf.body, 0, 100, 'catalogue.png');
      const xlsx = await t.api(archivist, '/api/archival-catalogue?fondsCode=160&year=2016&format=xlsx');
      expect(xlsx.status).toBe(200);
      expect(Buffer.from(xlsx.body).subarray(0, 2).toString()).toBe('PK');
    });

    it('shows a box’s destroyed, lent and appraisal-extended items for what they are, in its view and 备考表', async () => {
      const g = { year: 2017, classCode: 'GL', retention: 'D10' as const };
      const appraisal = {
        id: 'apr_store0000000000001',
        revision: 1,
        number: 'JD-2024-0009',
        status: 'closed',
      };
      await t.stores.deps.records.collection<typeof appraisal>('appraisal').insert(appraisal);
      const extension = (appraisalId: string) => ({
        retention: 'D30' as const,
        dueDate: '2048-01-01',
        appraisals: [
          {
            appraisalId,
            from: 'D10' as const,
            to: 'D30' as const,
            reason: '延长',
            at: '2024-02-01T02:00:00Z',
          },
        ],
      });
      // 0003 was kept 30 years by a recorded appraisal; 0005 by one whose record is gone (the day is printed).
      const items = await archived(g, [1, 2, 3, 4, 5], 2);
      for (const [n, appraisalId] of [
        [3, appraisal.id],
        [5, 'apr_gone00000000000001'],
      ] as const) {
        const it = items[n - 1]!;
        await t.stores.items.update({ ...it, ...extension(appraisalId), revision: it.revision + 1 });
      }
      // An extended item still goes into the boxes of its 档号's period, not of its new one.
      const d30 = await post(archivist, '/api/boxes', { fondsCode: '160', ...g, retention: 'D30' });
      const wrong = await post(archivist, `/api/boxes/${d30.body.id}/items`, { items: [items[2]!.id] });
      expect([wrong.status, wrong.body.error.code]).toEqual([400, 'box.mixed_group']);
      const created = await post(archivist, '/api/boxes', {
        fondsCode: '160',
        ...g,
        items: items.map((i) => i.id),
      });
      expect(created.status).toBe(201);
      const box = created.body;
      expect(box).toMatchObject({ itemRange: '0001-0005', itemCount: 5, pageCount: 10 });
      // 0002 is destroyed (a tombstone: no pages left, 2 when destroyed); 0004 is out on a loan.
      const change = async (id: string, f: (i: Item) => Partial<Item>) => {
        const it = (await t.stores.items.get(id as Item['id']))!;
        await t.stores.items.update({ ...it, ...f(it), revision: it.revision + 1 });
      };
      await change(items[1]!.id, () => ({
        status: 'destroyed',
        pages: [],
        destruction: { listId: 'dsl_x', at: '2024-03-01T02:00:00Z', method: '粉碎', pages: 2 },
      }));
      await change(items[3]!.id, () => ({
        out: { reason: 'loan', ref: 'loan_x', since: '2024-03-01T02:00:00Z', due: null },
      }));

      const view = (await t.api(archivist, `/api/boxes/${box.id}`)).body;
      expect(view).toMatchObject({
        itemRange: '0001-0005',
        itemCount: 4,
        pageCount: 8,
        outCount: 1,
        destroyedCount: 1,
        destroyedPages: 2,
        packedCount: 5,
        packedPages: 10,
      });
      expect(
        view.items.map((i: any) => [i.archivalCode.slice(-4), i.status, i.presenceLabel, i.retentionLabel]),
      ).toEqual([
        ['0001', 'archived', '在盒', '10年'],
        ['0002', 'destroyed', '已销毁', '10年'],
        ['0003', 'archived', '在盒', '30年'],
        ['0004', 'archived', '借出', '10年'],
        ['0005', 'archived', '在盒', '30年'],
      ]);
      expect(view.items[1]).toMatchObject({ statusLabel: '已销毁', presence: 'destroyed', pages: 2 });
      expect(view.items[3].out).toMatchObject({ reason: 'loan', ref: 'loan_x' });

      // The 备考表 counts as the view does.
      const sheetPdf = (await t.api(archivist, `/api/boxes/${box.id}/note-sheet`)).body;
      await raster(sheetPdf, 0, 80, 'note-sheet-destroyed.png');
      const sheet = (await pdfText(sheetPdf)).join('\n').replace(/\s+/g, '');
      expect(sheet).toContain('本盒装盒5件，10页，件号0001-0005；现存4件，8页。');
      expect(sheet).toContain('已销毁：160-2017-GL-D10-0002（1件，2页）');
      expect(sheet).toContain('借出或调出未还：160-2017-GL-D10-0004');
      expect(sheet).toContain('4件（另已销毁1件）');
      expect(sheet).toContain('8页（另已销毁2页）');

      // Packing puts an unboxed extended item with its 档号's period too.
      const [loose] = await archived(g, [6], 1, extension(appraisal.id));
      const plan = await t.api(archivist, '/api/boxes/packing?fondsCode=160&year=2017&retention=D10');
      expect(plan.body.boxes.map((b: any) => [b.group.retention, b.items.map((i: any) => i.itemId)])).toEqual(
        [['D10', [loose!.id]]],
      );
      const none = await t.api(archivist, '/api/boxes/packing?fondsCode=160&year=2017&retention=D30');
      expect(none.body).toMatchObject({ unboxedItems: 0, boxes: [] });
    });

    it('lists destroyed items in the 归档文件目录 with the pages they had, and extended items under their 档号’s period', async () => {
      await archived({ year: 2017, classCode: 'GL', retention: 'D30' }, [1], 3);
      /** The XLSX catalogue's heading total and its rows (档号, 页数, 备注). */
      async function sheetOf(query: string) {
        const r = await t.api(archivist, `/api/archival-catalogue?${query}&format=xlsx`);
        expect(r.status).toBe(200);
        const book = new ExcelJS.Workbook();
        await book.xlsx.load(r.body);
        const lines: string[] = [];
        const rows: [string, number, string][] = [];
        book.worksheets[0]!.eachRow((row) => {
          const cells = (row.values as unknown[]).slice(1).map((v) => String(v ?? ''));
          if (/^160-\d{4}-GL-/.test(cells[1] ?? '')) rows.push([cells[1]!, Number(cells[7]), cells[8] ?? '']);
          else lines.push(cells.join(' '));
        });
        return { text: lines.join('\n'), rows };
      }
      // The old period's catalogue: every number, destroyed ones with their pages, extended ones remarked.
      const d10 = await sheetOf('fondsCode=160&year=2017&classCode=GL&retention=D10');
      expect(d10.rows).toEqual([
        ['160-2017-GL-D10-0001', 2, ''],
        ['160-2017-GL-D10-0002', 2, '已销毁'],
        ['160-2017-GL-D10-0003', 2, '保管期限经鉴定延长为30年（JD-2024-0009）'],
        ['160-2017-GL-D10-0004', 2, ''],
        ['160-2017-GL-D10-0005', 2, '保管期限经鉴定延长为30年（2024-02-01）'],
        ['160-2017-GL-D10-0006', 1, '保管期限经鉴定延长为30年（JD-2024-0009）'],
      ]);
      expect(d10.text).toContain('共 6 件 11 页（其中已销毁 1 件 2 页）');
      // The new period's catalogue lists its own items and says where the extended ones are.
      const d30 = await sheetOf('fondsCode=160&year=2017&classCode=GL&retention=D30');
      expect(d30.rows).toEqual([['160-2017-GL-D30-0001', 3, '']]);
      expect(d30.text).toContain('共 1 件 3 页');
      expect(d30.text).not.toContain('已销毁');
      expect(d30.text).toContain(
        '另有 3 件经鉴定延长保管期限为30年，档号不变，仍列入原保管期限的归档文件目录：' +
          '160-2017-GL-D10-0003、160-2017-GL-D10-0005、160-2017-GL-D10-0006。',
      );
      // The whole year: each item once, in 档号 order, the heading agreeing with the rows.
      const year = await sheetOf('fondsCode=160&year=2017');
      expect(year.rows.map((r) => r[0])).toEqual([...d30.rows, ...d10.rows].map((r) => r[0]).sort());
      expect(year.text).toContain('共 7 件 14 页（其中已销毁 1 件 2 页）');
      // The PDF says the same.
      const pdf = await t.api(
        archivist,
        '/api/archival-catalogue?fondsCode=160&year=2017&classCode=GL&retention=D10',
      );
      await raster(pdf.body, 0, 100, 'catalogue-destroyed.png');
      const text = (await pdfText(pdf.body)).join('\n').replace(/\s+/g, '');
      expect(text).toContain('共6件11页（其中已销毁1件2页）');
      expect(text).toMatch(/160-2017-GL-D10-0003.*?保管期限经鉴定延长为30年（JD-2024-0009）/);
    });

    it('refuses other roles, and records the refusal', async () => {
      const borrower = await t.login('borrower');
      for (const [token, method, path, body] of [
        [clerk, 'GET', '/api/boxes', undefined],
        [clerk, 'POST', '/api/boxes', { fondsCode: '160', year: 2013, classCode: 'GL', retention: 'D100' }],
        [borrower, 'POST', '/api/locations', { kind: 'room', number: 9 }],
        [auditor, 'GET', `/api/locations/${room.id}/map`, undefined],
        [clerk, 'GET', '/api/movements/register?from=2024-03-01&to=2024-03-31', undefined],
        [clerk, 'GET', '/api/archival-catalogue?fondsCode=160&year=2016', undefined],
        [borrower, 'GET', '/api/boxes/packing', undefined],
      ] as const) {
        const r = await t.api(token, path, { method, ...(body ? { body: JSON.stringify(body) } : {}) });
        expect([path, r.status]).toEqual([path, 403]);
      }
      const denied = await t.stores.deps.audit.list({ action: 'box.list', limit: 5 });
      expect(denied[0]).toMatchObject({ actor: 'clerk', outcome: 'denied' });
      expect((await t.api(auditor, '/api/box-types')).status).toBe(403);
    });

    it('documents its routes in the OpenAPI document', async () => {
      const doc = await t.api(null, '/api/openapi.json');
      const paths = Object.keys(doc.body.paths);
      for (const p of [
        '/api/box-types',
        '/api/boxes',
        '/api/boxes/packing',
        '/api/boxes/{id}/labels',
        '/api/locations/{id}/map',
        '/api/movements/register',
        '/api/archival-catalogue',
      ])
        expect(paths).toContain(p);
    });
  },
);
