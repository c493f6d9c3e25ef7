import { PDFDocument } from 'pdf-lib';
import type { Browser, Page } from 'playwright-core';
import { layoutForm } from '../../server/core/ingest/form-layout';
import { residentIdCheckChar } from '../../server/core/identifiers';
import { startTestArchive, type TestArchive } from '../support/test-archive';
import { launchBrowser, openViewer, screenshot, signIn } from './browser';

jest.setTimeout(90_000);

/**
 * 扫描登记 and 待审核 in a real browser: a clerk uploads a batch (two generated PDFs with a text layer, so no
 * OCR is needed, and one corrupt file), watches it live, and fixes the item the pipeline was unsure of.
 */
describe('viewer: scanning intake and the review queue', () => {
  let t: TestArchive;
  let browser: Browser;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestArchive();
    browser = await launchBrowser();
    clerk = await t.login('clerk');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const residentId = (n: number) => {
    const first = `50010219800101${String(n).padStart(3, '0')}`;
    return first + residentIdCheckChar(first);
  };
  /** A form as a business system prints it: a PDF with its text layer, the project font embedded. */
  const formPdf = async (title: string, person: string, id: string): Promise<Buffer> =>
    Buffer.from(
      (
        await t.archive.deps.media.renderer.renderForm(
          layoutForm({
            agency: '重庆市涪陵区社会保险局',
            title,
            reference: 'YL2013000123',
            fields: [
              { label: '姓名', value: person },
              { label: '公民身份号码', value: id },
              { label: '单位名称', value: '重庆市涪陵区永利建筑工程有限公司' },
            ],
            signatures: [
              { label: '经办人', value: '李四' },
              { label: '经办日期', value: '2013年05月17日' },
            ],
          }),
        )
      ).pdf,
    );
  const pdf = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

  const focusedId = (page: Page) => page.evaluate<string | undefined>('document.activeElement?.id');
  /** The files table row of one file. */
  const fileRow = (page: Page, name: string) => page.locator(`.current-batch tr[data-file="${name}"]`);

  it('a clerk uploads a batch, watches it live, and fixes the unsure item with the keyboard', async () => {
    const { context, page } = await openViewer(browser, t);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await signIn(page, 'clerk');
    await page.getByRole('navigation').getByRole('link', { name: '扫描登记' }).click();
    await page.getByRole('heading', { name: '扫描登记', level: 1 }).waitFor();
    await page.getByText('还没有批次').waitFor();
    // The clerk's own section, fixed.
    expect(await page.getByLabel('业务科室').inputValue()).toBe('养老保险科');
    await screenshot(page, 'intake-empty');

    const known = await formPdf('社会保险年度检验表', '赵建国', residentId(1));
    const unknown = await formPdf('职工情况说明函', '钱秀英', residentId(2));
    const [chooser] = await Promise.all([
      page.waitForEvent('filechooser'),
      page.getByRole('button', { name: '选择文件…' }).click(),
    ]);
    await chooser.setFiles([
      pdf('01-年度检验表.pdf', known),
      pdf('02-情况说明函.pdf', unknown),
      pdf('03-损坏.pdf', Buffer.from('%PDF-1.4\n% the scanner died here')),
    ]);
    await page.getByRole('cell', { name: '03-损坏.pdf', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: /^移除 / }).count()).toBe(3);

    // The worker waits, so the batch is seen as it is when the upload answers: files stored, nothing paged.
    await t.archive.worker.stop();
    await page.getByRole('button', { name: '上传为一个批次' }).click();
    await fileRow(page, '03-损坏.pdf').waitFor();
    for (const name of ['01-年度检验表.pdf', '02-情况说明函.pdf', '03-损坏.pdf']) {
      const row = fileRow(page, name);
      expect(await row.locator('[data-status]').getAttribute('data-status')).toBe('stored');
      expect(
        await row.getByRole('progressbar').evaluate((el) => (el as unknown as { value: number }).value),
      ).toBe(1);
    }
    await page.getByText('文件分页后，这里列出拆出的件。').waitFor();
    await screenshot(page, 'intake-progress');

    t.archive.worker.start();
    await t.archive.worker.drain();
    // Live from the event stream: each file paged or rejected (with the API's code), each item filed or in review.
    await page.getByText('批次已处理完').waitFor();
    const rejected = fileRow(page, '03-损坏.pdf');
    expect(await rejected.locator('[data-status]').getAttribute('data-status')).toBe('rejected');
    expect(await rejected.textContent()).toContain('ingest.file_corrupt');
    for (const name of ['01-年度检验表.pdf', '02-情况说明函.pdf'])
      expect(await fileRow(page, name).locator('[data-status]').getAttribute('data-status')).toBe('paged');
    const items = page.locator('.current-batch tr[data-draft]');
    expect(await items.count()).toBe(2);
    const statuses = await items
      .locator('[data-status]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    expect(statuses.every((s) => s === 'filed' || s === 'needs_review')).toBe(true);
    expect(statuses).toContain('needs_review');
    await page.getByRole('heading', { name: '最近的批次' }).waitFor();
    expect(await page.locator('section[aria-labelledby="recent-h"] tbody tr').count()).toBe(1);
    await screenshot(page, 'intake-done');

    // The review queue lists the draft whose form title is in no catalogue.
    await page.locator('.current-batch').getByRole('link', { name: '待审核队列' }).click();
    await page.getByRole('heading', { name: '待审核', level: 1 }).waitFor();
    const row = page.locator('tr', { hasText: '职工情况说明函' });
    await row.waitFor();
    const draftId = await row.getAttribute('data-draft');
    await screenshot(page, 'review-queue');

    await row.getByRole('link', { name: /打开/ }).click();
    await page.getByRole('heading', { name: /待登记件/ }).waitFor();
    await page.getByRole('img', { name: /第 1 页/ }).waitFor();
    // The page opens on the first field the pipeline was unsure of: the business step, with its reason.
    expect(await focusedId(page)).toBe('rv-step');
    expect(await page.locator('[data-field="rv-step"]').textContent()).toContain(
      '未能在文本中识别出已知的表单标题',
    );
    await page.keyboard.type('DJ-04');
    await page.getByText('社会保险登记验证（年度检验）').first().waitFor();
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('rv-title');
    await screenshot(page, 'review-draft');
    await page.keyboard.press('Control+Enter');

    // Filed: the viewer moves on (here the queue is empty), and the queue no longer lists the draft.
    await page.waitForURL((u) => !u.pathname.endsWith(draftId!));
    await page.locator('.banner.ok').waitFor();
    await page.goto('/intake/review');
    await page.getByRole('heading', { name: '待审核', level: 1 }).waitFor();
    await page.locator('.empty, table.review-queue').first().waitFor();
    expect(await page.locator(`tr[data-draft="${draftId}"]`).count()).toBe(0);
    const draft = (await t.api(clerk, `/api/ingest/drafts/${draftId}`)).body.draft;
    expect(draft.status).toBe('filed');
    const item = (await t.api(clerk, `/api/items/${draft.itemId}`)).body;
    expect(item).toMatchObject({ businessStep: 'DJ-04', status: 'filed', title: '职工情况说明函' });
    // No personal data ever went into an address.
    for (const u of urls) expect(decodeURIComponent(u)).not.toMatch(/赵建国|钱秀英|500102198001010/);
    await context.close();
  });

  it('shows the API’s refusal when someone else confirmed the draft first, and reloads it', async () => {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fondsCode: '160', splitMode: 'file' }));
    form.append('files', new Blob([await formPdf('参保人员去向说明', '孙立', residentId(3))]), 'x.pdf');
    const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const batchId: string = res.body.batch.id;
    await t.archive.worker.drain();
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'clerk');
    await page.goto('/intake/review');
    await page.locator(`tr[data-draft^="${batchId}"]`).getByRole('link', { name: /打开/ }).click();
    await page.getByLabel('业务环节').waitFor();
    const draftId = page.url().split('/').pop()!;
    const draft = (await t.api(clerk, `/api/ingest/drafts/${draftId}`)).body.draft;
    const other = await t.api(clerk, `/api/ingest/drafts/${draftId}/confirm`, {
      method: 'POST',
      body: JSON.stringify({ revision: draft.revision, fields: { businessStep: 'DJ-04' } }),
    });
    expect(other.status).toBe(200);
    await page.getByLabel('业务环节').fill('DJ-04');
    await page.getByRole('button', { name: /确认登记/ }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('not waiting for review');
    expect(await alert.textContent()).toContain('draft.not_in_review');
    await page.getByText('这个件不在待审核状态').waitFor();
    await context.close();
  });

  it('re-splits a draft at a chosen page, then merges the two drafts again', async () => {
    // One scanner file holding two forms that no catalogue knows: one draft of two pages, in review.
    const doc = await PDFDocument.create();
    for (const [title, n] of [
      ['工伤认定材料补充说明', 6],
      ['职工档案转递说明', 7],
    ] as const) {
      const src = await PDFDocument.load(await formPdf(title, '郑华', residentId(n)));
      for (const pg of await doc.copyPages(src, src.getPageIndices())) doc.addPage(pg);
    }
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fondsCode: '160', splitMode: 'file' }));
    form.append('files', new Blob([Buffer.from(await doc.save())]), 'two-forms.pdf');
    const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const batchId: string = res.body.batch.id;
    await t.archive.worker.drain();
    const { context, page } = await openViewer(browser, t);
    await signIn(page, 'clerk');
    await page.goto(`/intake/review/${batchId}-0001`);
    await page.getByText('共 2 页').waitFor();
    await page.getByRole('button', { name: '第 2 页', exact: true }).click();
    await page.getByRole('img', { name: /第 2 页/ }).waitFor();

    await page.getByText('重新拆分：从某页起另成一件').click();
    await page.getByLabel('第 2 页起为新件').check();
    // The worker waits, so the page is seen while the two parts are processed again.
    await t.archive.worker.stop();
    await page.getByRole('button', { name: '拆分', exact: true }).click();
    await page.getByText('正在重新处理').waitFor();
    t.archive.worker.start();
    await t.archive.worker.drain();
    await page.getByText('共 1 页').waitFor();
    await page.locator('h1 [data-status="needs_review"]').waitFor();
    const split = (await t.api(clerk, `/api/ingest/batches/${batchId}`)).body;
    expect(split.items.map((i: { pages: number }) => i.pages)).toEqual([1, 1]);

    await page.getByText('与同批次的另一件合并').click();
    await page.getByLabel('合并进来的件').selectOption(`${batchId}-0002`);
    await t.archive.worker.stop();
    await page.getByRole('button', { name: '合并', exact: true }).click();
    await page.getByText('正在重新处理').waitFor();
    t.archive.worker.start();
    await t.archive.worker.drain();
    await page.getByText('共 2 页').waitFor();
    await page.locator('h1 [data-status="needs_review"]').waitFor();
    const merged = (await t.api(clerk, `/api/ingest/batches/${batchId}`)).body;
    expect(merged.items.map((i: { status: string }) => i.status)).toEqual(['needs_review', 'merged']);
    await page.evaluate('scrollTo(0, 0)');
    await screenshot(page, 'review-draft-merged');
    await context.close();
  });

  it('takes dropped files, and prints separator sheets with the person in the body, not the URL', async () => {
    const { context, page } = await openViewer(browser, t);
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await signIn(page, 'clerk');
    await page.goto('/intake');
    await page.getByTestId('dropzone').waitFor();
    // A drop as the browser delivers it (a synthetic DataTransfer has no entries: its files are taken as they are).
    const dt = await page.evaluateHandle(`(() => {
      const d = new DataTransfer();
      d.items.add(new File(['%PDF-1.4'], 'dropped.pdf', { type: 'application/pdf' }));
      return d;
    })()`);
    await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: dt });
    await page.getByRole('cell', { name: 'dropped.pdf', exact: true }).waitFor();
    await page.getByRole('button', { name: '移除 dropped.pdf' }).click();
    await page.getByText('还没有选择文件').waitFor();

    await page.getByRole('link', { name: '打印分隔页' }).click();
    await page.getByRole('heading', { name: '打印分隔页' }).waitFor();
    await page.getByLabel('业务环节').fill('DJ-04');
    await page.getByLabel('参保人姓名').fill('周晓明');
    await page.getByLabel('公民身份号码').fill(residentId(4));
    await page.getByLabel('份数').fill('2');
    await page.getByRole('button', { name: '生成分隔页 PDF' }).click();
    await page.getByText('分隔页已生成').waitFor();
    expect(await page.getByRole('link', { name: '打开 PDF' }).getAttribute('href')).toMatch(/^blob:/);
    await screenshot(page, 'intake-separators');
    for (const u of urls) expect(decodeURIComponent(u)).not.toMatch(/周晓明|500102198001010/);
    await context.close();
  });

  it('is usable at 200% zoom (683×384): the review page stacks the image above the fields', async () => {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ fondsCode: '160', splitMode: 'file' }));
    form.append('files', new Blob([await formPdf('退休人员情况登记簿', '吴芳', residentId(5))]), 'z.pdf');
    const res = await t.api(clerk, '/api/ingest/batches', { method: 'POST', body: form });
    expect(res.status).toBe(202);
    const batchId: string = res.body.batch.id;
    await t.archive.worker.drain();
    const { context, page } = await openViewer(browser, t);
    await page.setViewportSize({ width: 683, height: 384 });
    await signIn(page, 'clerk');
    await page.goto('/intake/review');
    await page.locator(`tr[data-draft^="${batchId}"]`).getByRole('link', { name: /打开/ }).click();
    await page.getByLabel('业务环节').waitFor();
    const overflow = await page.evaluate<number>('document.documentElement.scrollWidth - innerWidth');
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, 'review-draft-zoom');
    await page.goto('/intake');
    await page.getByRole('heading', { name: '扫描登记', level: 1 }).waitFor();
    await screenshot(page, 'intake-zoom');
    await context.close();
  });
});
