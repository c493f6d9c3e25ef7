import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import type { ItemId } from '../../server/core/shared/ids';
import { ITEM, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/** An A4 page at 150 dpi. */
const W = 1240;
const H = 1754;
type Word = { text: string; box: [number, number, number, number] };

/**
 * A scanned-looking page: lines of text in a monospaced Chinese font (CJK 1 em wide, ASCII ½ em), a
 * table's rules, and the OCR words of the text with their boxes in the page's pixels.
 */
async function page(
  lines: { y: number; size: number; words: string[] }[],
): Promise<{ png: Buffer; words: Word[] }> {
  const words: Word[] = [];
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const texts: string[] = [];
  for (const l of lines) {
    let x = 120;
    for (const w of l.words) {
      const width = Array.from(w).reduce((s, c) => s + (/[\x20-\x7e]/.test(c) ? 0.5 : 1) * l.size, 0);
      words.push({
        text: w,
        box: [Math.round(x), l.y - l.size, Math.round(x + width), l.y + Math.round(l.size * 0.2)],
      });
      texts.push(
        `<text x="${x}" y="${l.y}" font-size="${l.size}" font-family="WenQuanYi Zen Hei Mono" fill="#1b1b1b">${esc(w)}</text>`,
      );
      x += width;
    }
  }
  const rules = [700, 780, 860, 940, 1020]
    .map((y) => `<rect x="110" y="${y}" width="1020" height="4" fill="#333"/>`)
    .join('');
  const blocks = [1120, 1180, 1240, 1300]
    .map((y, i) => `<rect x="120" y="${y}" width="${900 - i * 130}" height="26" fill="#555"/>`)
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="100%" height="100%" fill="#fff"/>${texts.join('')}${rules}${blocks}<rect x="60" y="60" width="${W - 120}" height="${H - 120}" fill="none" stroke="#222" stroke-width="3"/></svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  return { png, words };
}

describe('viewer: the item page', () => {
  let t: TestArchive;
  let browser: Browser;
  let itemId: string;
  const tokens: Record<string, string> = {};
  const post = (u: string, path: string, body: unknown = {}) =>
    t.api(tokens[u]!, path, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
    for (const u of ['clerk', 'head', 'archivist', 'borrower']) tokens[u] = await t.login(u);

    const p1 = await page([
      { y: 220, size: 60, words: ['养老保险待遇核定表'] },
      { y: 380, size: 40, words: ['姓名：', '张', '伟'] },
      { y: 460, size: 40, words: ['公民身份号码：', '500102199001014517'] },
      { y: 540, size: 40, words: ['参保单位：', '重庆市涪陵区永利建筑工程有限公司'] },
      { y: 620, size: 40, words: ['核定月养老金：', '2350.00', '元'] },
    ]);
    const p2 = await page([
      { y: 220, size: 60, words: ['附件：缴费明细'] },
      { y: 380, size: 40, words: ['缴费年限：', '15', '年'] },
    ]);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const created = await t.api(tokens.clerk!, '/api/items', {
      method: 'POST',
      body: itemForm({ ...ITEM, title: '张伟养老保险待遇核定表', docNumber: '涪社保〔2013〕12号' }, [
        { name: '核定表.png', data: p1.png, type: 'image/png' },
        { name: '附件.png', data: p2.png, type: 'image/png' },
        { name: '原件扫描.pdf', data: pdf, type: 'application/pdf' },
      ]),
    });
    expect([created.status, created.body.error]).toEqual([201, undefined]);
    itemId = created.body.id;
    await t.archive.worker.drain();

    // Its life: pre-archived, transferred and accepted (numbered), boxed and shelved, then held.
    const v = await post('clerk', '/api/transfers/volumes', { year: 2013, month: 5 });
    expect(v.status).toBe(201);
    const draft = await post('clerk', '/api/transfers', { volumeIds: [v.body.volumes[0].id] });
    expect(draft.status).toBe(201);
    expect(
      (await post('clerk', `/api/transfers/${draft.body.id}/submit`, { sectionHead: 'head' })).status,
    ).toBe(200);
    const checked = await post('archivist', `/api/transfers/${draft.body.id}/check`, {
      countedItems: 1,
      countedPages: 3,
    });
    expect(checked.status).toBe(200);
    expect((await post('archivist', `/api/transfers/${draft.body.id}/accept`)).status).toBe(200);
    const box = await post('archivist', '/api/boxes', {
      fondsCode: '160',
      year: 2013,
      classCode: 'GL',
      retention: 'D100',
      items: [itemId],
    });
    expect([box.status, box.body.error]).toEqual([201, undefined]);
    const room = await post('archivist', '/api/locations', {
      kind: 'room',
      number: 1,
      name: '业务档案库房',
      layout: { rows: 1, sections: 1, shelves: 2, capacity: 4 },
    });
    const children = async (id: string) =>
      (await t.api(tokens.archivist!, `/api/locations?parentId=${id}`)).body.locations[0].id as string;
    const shelf = await children(await children(await children(room.body.location.id)));
    expect((await post('archivist', `/api/boxes/${box.body.id}/place`, { shelfId: shelf })).status).toBe(200);
    const loan = await post('borrower', '/api/loans', {
      kind: 'consult',
      purpose: { category: '权益查询', text: '查询本人参保待遇核定情况' },
      items: [{ itemId, pages: [{ from: 1, to: 1 }] }],
      days: 1,
      borrower: {
        username: 'borrower',
        idType: '居民身份证',
        idNumber: '11010519491231002X',
        organisation: '个人',
      },
    });
    expect([loan.status, loan.body.error]).toEqual([201, undefined]);
    const hold = await post('archivist', `/api/items/${itemId}/holds`, {
      reason: '张伟待遇复核，暂停处置',
      authority: '区人社局稽核科',
    });
    expect(hold.status).toBe(201);

    // The OCR words of page 1, stored as ingest stores them (a JSON blob the page refers to).
    const blob = await t.archive.deps.blobs.put(
      Buffer.from(JSON.stringify({ width: W, height: H, words: p1.words })),
    );
    const item = (await t.stores.items.get(itemId as ItemId))!;
    await t.stores.items.update({
      ...item,
      content: [
        [
          '养老保险待遇核定表',
          '姓名：张伟',
          '公民身份号码：500102199001014517',
          '参保单位：重庆市涪陵区永利建筑工程有限公司',
          '核定月养老金：2350.00元',
        ].join('\n'),
        '附件：缴费明细\n缴费年限：15年',
        '',
      ].join('\n\f\n'),
      pages: item.pages.map((p) =>
        p.n === 1 ? { ...p, text: { source: 'ocr' as const, confidence: 92.4, words: blob.sha256 } } : p,
      ),
      revision: item.revision + 1,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const image = (p: Page, n: number) => p.getByRole('img', { name: `第 ${n} 页的图像` });
  const width = async (p: Page, n: number) => (await image(p, n).boundingBox())!.width;

  it('shows the pages (thumbnails, then the preview), turns, zooms and rotates them by keyboard and buttons', async () => {
    const { context, page: p } = await openViewer(browser, t);
    await signIn(p, 'archivist');
    await p.goto(`/items/${itemId}`);
    await p.getByRole('heading', { name: '张伟养老保险待遇核定表' }).waitFor();
    const thumbs = p.getByRole('navigation', { name: '页面缩略图' }).getByRole('button');
    expect(await thumbs.count()).toBe(3);
    expect(await thumbs.first().getAttribute('aria-current')).toBe('true');
    await p.locator('img[data-quality="preview"]:visible').waitFor();
    expect(await image(p, 1).getAttribute('data-quality')).toBe('preview');
    // The text beside the page, in full for the archivist.
    const text = p.getByLabel('此页文字内容');
    await p.getByText('公民身份号码：500102199001014517').waitFor();
    expect(await text.textContent()).toContain('姓名：张伟');
    await screenshot(p, 'item-page');

    // Find: the words are marked on the image, and in the text.
    await p.getByLabel('在此页查找').fill('张伟');
    await p.getByText('找到 1 处').waitFor();
    expect(await p.locator('svg.pv-marks rect').count()).toBe(2); // 张 and 伟 are two OCR words
    expect(await text.locator('mark').allTextContents()).toEqual(['张伟']);
    await p.getByLabel('在此页查找').fill('500102199001014517');
    await p.getByText('找到 1 处').waitFor();
    const mark = (await p.locator('svg.pv-marks rect').boundingBox())!;
    const img = (await image(p, 1).boundingBox())!;
    // The box sits where the number is printed: x from 120 + 7 em, y around 460 of 1754 pixels.
    expect(Math.abs((mark.x - img.x) / img.width - 400 / W)).toBeLessThan(0.02);
    expect(Math.abs((mark.y - img.y) / img.height - 420 / H)).toBeLessThan(0.02);
    await screenshot(p, 'item-text-highlight');
    await p.getByLabel('在此页查找').fill('');

    // Keyboard: next page; zoom in and out; fit; rotate.
    await p.getByRole('heading', { name: '页面文字' }).click(); // out of the find box
    await p.keyboard.press('ArrowRight');
    await image(p, 2).waitFor();
    expect(await thumbs.nth(1).getAttribute('aria-current')).toBe('true');
    expect(await p.getByLabel('页码').inputValue()).toBe('2');
    await p.locator('img[data-quality="preview"]:visible').waitFor();
    const fitted = await width(p, 2);
    await p.keyboard.press('+');
    await p.keyboard.press('+');
    expect(await width(p, 2)).toBeGreaterThan(fitted * 1.5);
    await p.getByRole('button', { name: '放大' }).click();
    const zoomed = await width(p, 2);
    expect(zoomed).toBeGreaterThan(fitted * 1.9);
    expect(await p.locator('.pv-viewport').getAttribute('class')).toContain('pannable');
    // Pan by dragging: the view scrolls.
    const vp = (await p.locator('.pv-viewport').boundingBox())!;
    await p.mouse.move(vp.x + vp.width / 2, vp.y + vp.height / 2);
    await p.mouse.down();
    await p.mouse.move(vp.x + vp.width / 2 - 120, vp.y + vp.height / 2 - 200, { steps: 4 });
    await p.mouse.up();
    expect(await p.locator('.pv-viewport').evaluate((e) => e.scrollTop)).toBeGreaterThan(100);
    await screenshot(p, 'item-zoomed');
    await p.keyboard.press('-');
    expect(await width(p, 2)).toBeLessThan(zoomed);
    await p.keyboard.press('0');
    expect(Math.abs((await width(p, 2)) - fitted)).toBeLessThan(2);
    await p.getByRole('button', { name: '适合宽度' }).click();
    expect(await width(p, 2)).toBeGreaterThan(fitted);
    await p.getByRole('button', { name: '适合页面' }).click();
    const before = (await image(p, 2).boundingBox())!;
    expect(before.height).toBeGreaterThan(before.width);
    await p.keyboard.press('r');
    const turned = (await image(p, 2).boundingBox())!;
    expect(turned.width).toBeGreaterThan(turned.height); // portrait A4 now lies on its side
    await p.getByRole('button', { name: '旋转 90°' }).click();
    const upsideDown = (await image(p, 2).boundingBox())!;
    expect(upsideDown.height).toBeGreaterThan(upsideDown.width);

    // The PDF page has no screen image: the original is offered.
    await p.keyboard.press('PageDown');
    const download = p.getByRole('link', { name: '下载第 3 页原件' });
    await download.waitFor();
    expect(await download.getAttribute('href')).toBe(`/api/items/${itemId}/pages/3`);
    await p.keyboard.press('PageUp');
    await image(p, 2).waitFor();
    await context.close();
  });

  it('lists the catalogue fields, box and location, holds and the history from the workflow records', async () => {
    const { context, page: p } = await openViewer(browser, t);
    await signIn(p, 'archivist');
    await p.goto(`/items/${itemId}`);
    const fields = p.getByRole('region', { name: '著录信息' });
    await fields.getByText('1库-01列-1节-1层').waitFor();
    const text = (await fields.textContent())!;
    for (const s of [
      '160-2013-GL-D100-0001',
      '涪社保〔2013〕12号',
      '2013-05-17',
      'GL 社会保险管理类',
      '100年',
      '养老保险科',
      '张伟',
      '500102199001014517',
      '已归档',
      '张伟待遇复核',
      '160-2013-GL-D100-盒0001',
    ])
      expect(text).toContain(s);
    const history = p.getByRole('region', { name: '历史记录' });
    await history.getByRole('listitem').first().waitFor();
    const kinds = await history
      .getByRole('listitem')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute('data-kind')));
    expect(kinds).toEqual([
      'created',
      'pre_archived',
      'transfer_submitted',
      'transfer_accepted',
      'boxed',
      'box_movement',
      'loan',
      'hold_placed',
    ]);
    expect(await history.textContent()).toContain('移交单 YJ-');
    expect(await history.textContent()).toMatch(
      /借阅单 JY-\d{4}-0001 · 待审批 · 借阅人 borrower（外单位或个人，个人）/,
    );
    await history.scrollIntoViewIfNeeded();
    await screenshot(p, 'item-history');

    // At 200% (half the CSS pixels): one column, nothing cut off.
    await p.setViewportSize({ width: 683, height: 384 });
    await p.goto(`/items/${itemId}`);
    await p.locator('img[data-quality="preview"]:visible').waitFor();
    expect(await p.locator('html').evaluate((e) => e.scrollWidth)).toBeLessThanOrEqual(683);
    await screenshot(p, 'item-200pct');
    await context.close();
  });

  it('masks personal data in the text and fields for a role without pii.full', async () => {
    const { context, page: p } = await openViewer(browser, t);
    await signIn(p, 'appraiser');
    await p.goto(`/items/${itemId}`);
    const text = p.getByLabel('此页文字内容');
    await p.getByText('公民身份号码：500102********4517').waitFor();
    const content = (await text.textContent())!;
    expect(content).toContain('姓名：张*');
    expect(content).not.toContain('张伟');
    expect(await p.locator('.tp').textContent()).toContain('个人信息已遮蔽');
    // The masked words are found and marked as they now read.
    await p.getByLabel('在此页查找').fill('张*');
    await p.getByText('找到 1 处').waitFor();
    expect(await p.locator('svg.pv-marks rect').count()).toBe(2);
    await p.getByLabel('在此页查找').fill('张伟');
    await p.getByText('此页没有找到“张伟”。').waitFor();
    expect(await p.locator('svg.pv-marks rect').count()).toBe(0);
    const fields = (await p.getByRole('region', { name: '著录信息' }).textContent())!;
    expect(fields).toContain('张*');
    const history = p.getByRole('region', { name: '历史记录' });
    await history.getByRole('listitem').first().waitFor();
    expect(await history.textContent()).toContain('借阅人 b*******（外单位或个人');
    expect(await history.textContent()).toContain('张*待遇复核');
    expect(fields).not.toContain('张伟');
    await screenshot(p, 'item-masked');
    await context.close();
  });

  it('shows an approver (no page.read) the fields and history, and says why there are no pages', async () => {
    const { context, page: p } = await openViewer(browser, t);
    await signIn(p, 'approver');
    await p.goto(`/items/${itemId}`);
    await p.getByText('您的角色没有阅览页面图像和文字的权限').waitFor();
    expect(await p.getByRole('navigation', { name: '页面缩略图' }).count()).toBe(0);
    await p.getByRole('region', { name: '历史记录' }).getByRole('listitem').first().waitFor();
    expect(await p.getByRole('region', { name: '著录信息' }).textContent()).toContain('500102********4517');
    await context.close();
  });

  it('gives another section’s clerk the API’s answer, and the auditor the audit trail', async () => {
    const { context, page: p } = await openViewer(browser, t);
    await signIn(p, 'clerk2');
    await p.goto(`/items/${itemId}`);
    const alert = p.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(`No item ${itemId}.`);
    expect(await alert.textContent()).toContain('item.not_found');
    await screenshot(p, 'item-not-found');
    await context.close();

    const auditor = await openViewer(browser, t);
    await signIn(auditor.page, 'auditor');
    await auditor.page.goto(`/items/${itemId}`);
    const trail = auditor.page.getByRole('region', { name: '审计记录' });
    await trail.getByRole('row').nth(1).waitFor();
    const actions = await trail.locator('tbody tr td:nth-child(4)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['item.create', 'item.accession', 'item.hold']));
    await screenshot(auditor.page, 'item-auditor');
    await auditor.context.close();
  });
});
