import { readdirSync } from 'node:fs';
import type { EmbeddedStores } from '../../server/main/embedded';
import { ITEM, PNG_1x1, itemForm, startTestArchive, type TestArchive } from '../support/test-archive';

/** Bad requests of every kind: a 4xx with a stable code, and nothing written anywhere. */
describe('API: bad input changes nothing', () => {
  let t: TestArchive;
  let clerk: string;
  beforeAll(async () => {
    t = await startTestArchive({ maxFileBytes: 64 * 1024, maxFiles: 3 });
    clerk = await t.login('clerk');
  });
  afterAll(async () => t.close());

  async function snapshot() {
    const auditCount = (await t.archive.deps.audit.list({ limit: 100000, action: 'item.create' })).length;
    const blobs = readdirSync((t.stores as EmbeddedStores).layout.blobs, { recursive: true }).filter(
      (f) => String(f).length > 60 && !String(f).includes('.tmp'),
    );
    const uploads = readdirSync(t.stores.layout.uploads);
    return {
      items: await t.archive.deps.items.count(),
      auditCount,
      blobs: blobs.length,
      uploads: uploads.length,
    };
  }

  const post = (body: FormData | string, headers: Record<string, string> = {}) =>
    t.api(clerk, '/api/items', { method: 'POST', body, headers });

  const cases: [string, () => Promise<{ status: number; body: any }>, number, string][] = [
    [
      'metadata that is not JSON',
      () => post(itemForm('{"fondsCode": "160",')),
      400,
      'request.malformed_json',
    ],
    [
      'no metadata part',
      () => {
        const f = new FormData();
        f.append('pages', new Blob([PNG_1x1]), 'a.png');
        return post(f);
      },
      400,
      'request.invalid',
    ],
    ['an unknown field', () => post(itemForm({ ...ITEM, secret: 1 })), 400, 'request.invalid'],
    ['a wrong type', () => post(itemForm({ ...ITEM, year: '二〇一三' })), 400, 'request.invalid'],
    ['an impossible date', () => post(itemForm({ ...ITEM, date: '20130230' })), 400, 'request.invalid'],
    [
      'a 公民身份号码 with a bad check digit',
      () => post(itemForm({ ...ITEM, persons: [{ name: '张伟', residentId: '500102199001014518' }] })),
      400,
      'request.invalid',
    ],
    [
      'a bad 统一社会信用代码',
      () => post(itemForm({ ...ITEM, units: [{ name: 'x', creditCode: '91350100M000100Y44' }] })),
      400,
      'request.invalid',
    ],
    [
      'an unknown business step',
      () => post(itemForm({ ...ITEM, businessStep: 'ZZ-99' })),
      400,
      'item.unknown_business_step',
    ],
    ['an unknown fonds', () => post(itemForm({ ...ITEM, fondsCode: '999' })), 404, 'fonds.not_found'],
    [
      'a page that is not an image or PDF',
      () => post(itemForm(ITEM, [{ name: 'x.png', data: Buffer.from('MZ\x90\x00 not really a png') }])),
      400,
      'page.unsupported_type',
    ],
    [
      'a good page then a bad one',
      () =>
        post(
          itemForm(ITEM, [
            { name: 'a.png', data: PNG_1x1 },
            { name: 'b.jpg', data: Buffer.from('<html>') },
          ]),
        ),
      400,
      'page.unsupported_type',
    ],
    [
      'an empty page',
      () => post(itemForm(ITEM, [{ name: 'a.png', data: Buffer.alloc(0) }])),
      400,
      'page.empty',
    ],
    [
      'a page over the size limit',
      () =>
        post(itemForm(ITEM, [{ name: 'big.png', data: Buffer.concat([PNG_1x1, Buffer.alloc(70 * 1024)]) }])),
      413,
      'upload.file_too_large',
    ],
    [
      'too many pages',
      () =>
        post(
          itemForm(
            ITEM,
            Array.from({ length: 4 }, (_, i) => ({ name: `${i}.png`, data: PNG_1x1 })),
          ),
        ),
      413,
      'upload.too_many_files',
    ],
    [
      'a file under another field name',
      () => {
        const f = itemForm(ITEM);
        f.append('attachment', new Blob([PNG_1x1]), 'a.png');
        return post(f);
      },
      400,
      'upload.unexpected_field',
    ],
    [
      'a truncated multipart body',
      () =>
        post('--xyz\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{', {
          'content-type': 'multipart/form-data; boundary=xyz',
        }),
      400,
      'upload.malformed',
    ],
  ];

  it.each(cases)('refuses %s', async (_name, send, status, code) => {
    const before = await snapshot();
    const r = await send();
    expect(r.status).toBe(status);
    expect(r.body.error.code).toBe(code);
    expect(r.body.requestId).toEqual(expect.any(String));
    expect(JSON.stringify(r.body)).not.toMatch(/at .*\.ts:\d+/); // no stack traces
    await new Promise((ok) => setTimeout(ok, 50)); // temp files are removed when the response closes
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed JSON and unknown fields on PATCH, changing nothing', async () => {
    const created = await post(itemForm(ITEM, []));
    expect(created.status).toBe(201);
    const id = created.body.id;
    const bad = await t.api(clerk, `/api/items/${id}`, { method: 'PATCH', body: '{"title": ' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('request.malformed_json');
    const unknown = await t.api(clerk, `/api/items/${id}`, {
      method: 'PATCH',
      body: JSON.stringify({ title: '新', archivalCode: '160-2013-GL-D100-9999' }),
    });
    expect(unknown.status).toBe(400);
    const after = await t.api(clerk, `/api/items/${id}`);
    expect(after.body.revision).toBe(1);
    expect(after.body.title).toBe(ITEM.title);
  });

  it('answers unknown routes and ids with 404 and a code', async () => {
    expect((await t.api(clerk, '/api/nothing-here')).body.error.code).toBe('route.not_found');
    expect((await t.api(clerk, '/api/items/itm_00000000000000000000')).body.error.code).toBe(
      'item.not_found',
    );
    // The URL normalises to /etc/passwd, outside /api: the viewer's page (or 404), never the file.
    const traversal = await t.api(clerk, '/api/items/../../etc/passwd');
    expect(JSON.stringify(traversal.body)).not.toContain('root:');
    expect([200, 404, 503]).toContain(traversal.status);
    expect((await t.api(clerk, '/api/items/not-an-id')).body.error.code).toBe('request.invalid');
  });
});
