import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { FsScratchSpace } from '../../ingest/adapters/fs.scratch-space';
import { textAsSvgPath } from '../../ingest/adapters/project-font';
import { SharpImageProcessor } from '../../ingest/adapters/sharp.image-processor';
import { layoutForm } from '../../server/core/ingest/form-layout';
import type { ImageLimits } from '../../server/core/ingest/ingest-ports';

/** Test pages are drawn as SVG in millimetres (text as glyph outlines) and rasterised by sharp. */
const A4_PT = `width="${(210 * 72) / 25.4}" height="${(297 * 72) / 25.4}" viewBox="0 0 210 297"`;
const page = (body: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" ${A4_PT}><rect width="210" height="297" fill="#fff"/>${body}</svg>`;

function formSvg(): string {
  const form = layoutForm({
    agency: '某某市社会保险事业管理中心',
    title: '社会保险登记表',
    fields: [
      { label: '姓名', value: '张伟' },
      { label: '性别', value: '男' },
      { label: '公民身份号码', value: '110101199003074516' },
      { label: '参保日期', value: '2024-05-01' },
    ],
    signatures: [{ label: '经办人', value: '李娜' }],
  });
  return page(
    form.elements
      .map((e) =>
        e.kind === 'text'
          ? textAsSvgPath(e.text, e.x, e.y, e.size, { weight: e.bold ? 'bold' : 'regular', align: e.align })
          : `<line x1="${e.x1}" y1="${e.y1}" x2="${e.x2}" y2="${e.y2}" stroke="#000" stroke-width="${e.width}"/>`,
      )
      .join(''),
  );
}

async function raster(svg: string, dpi: number, rotate = 0): Promise<Buffer> {
  let png = await sharp(Buffer.from(svg), { density: dpi }).flatten({ background: '#fff' }).png().toBuffer();
  if (rotate) png = await sharp(png).rotate(rotate, { background: '#fff' }).png().toBuffer();
  return sharp(png).withMetadata({ density: dpi }).png().toBuffer();
}

/** The longest run of dark pixels along any row of a greyscale image. */
async function longestDarkRow(image: Uint8Array): Promise<number> {
  const { data, info } = await sharp(image).greyscale().raw().toBuffer({ resolveWithObject: true });
  let longest = 0;
  for (let y = 0; y < info.height; y++)
    for (let x = 0, run = 0; x < info.width; x++) {
      run = data[y * info.width + x]! < 128 ? run + 1 : 0;
      if (run > longest) longest = run;
    }
  return longest;
}

/** A PNG whose header claims 100000 × 100000 grey pixels (a pixel flood), with a token IDAT. */
function pixelFloodPng(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(body.length + 8);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), body.length + 4);
    return out;
  };
  const ihdr = Buffer.from([0, 1, 0x86, 0xa0, 0, 1, 0x86, 0xa0, 8, 0, 0, 0, 0]);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024)))]);
}

const images = new SharpImageProcessor();
const limits: ImageLimits = { maxPixelsPerPage: 60_000_000, maxPagesPerFile: 500 };
let dir: string;
let scratch: FsScratchSpace;
let form300: Buffer;

/** Writes bytes to a scratch file (as the pipeline does) and returns its path. */
async function file(bytes: Uint8Array, suffix: string): Promise<string> {
  const copy = await scratch.materialize(
    (async function* () {
      yield bytes;
    })(),
    suffix,
  );
  return copy.path;
}

const rejection = (code: string) => expect.objectContaining({ name: 'DomainError', kind: 'invalid', code });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sharp-images-'));
  scratch = new FsScratchSpace(join(dir, 'scratch'));
  form300 = await raster(formSvg(), 300);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('probe', () => {
  it('tells JPEG, PNG and PDF by their bytes, never by the name', async () => {
    const jpeg = await sharp(form300).jpeg({ quality: 85 }).toBuffer();
    expect(await images.probe(await file(jpeg, '.pdf'), limits)).toEqual({
      mediaType: 'image/jpeg',
      pages: 1,
    });
    expect(await images.probe(await file(form300, '.jpg'), limits)).toEqual({
      mediaType: 'image/png',
      pages: 1,
    });
    const pdf = Buffer.from('%PDF-1.7\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n', 'latin1');
    expect(await images.probe(await file(pdf, '.tif'), limits)).toEqual({
      mediaType: 'application/pdf',
      pages: 0,
    });
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');
    await expect(images.probe(await file(gif, '.png'), limits)).rejects.toEqual(
      rejection('ingest.unsupported_type'),
    );
  });

  it('rejects a pixel flood from the header, before decoding anything', async () => {
    const started = Date.now();
    await expect(images.probe(await file(pixelFloodPng(), '.png'), limits)).rejects.toEqual(
      rejection('ingest.too_many_pixels'),
    );
    expect(Date.now() - started).toBeLessThan(1000);
    const small = { ...limits, maxPixelsPerPage: 1_000_000 };
    await expect(images.probe(await file(form300, '.png'), small)).rejects.toEqual(
      rejection('ingest.too_many_pixels'),
    );
  });

  it('rejects a truncated JPEG and an empty file as corrupt', async () => {
    const jpeg = await sharp(form300).jpeg().toBuffer();
    const truncated = jpeg.subarray(0, Math.floor(jpeg.length * 0.6));
    await expect(images.probe(await file(truncated, '.jpg'), limits)).rejects.toEqual(
      rejection('ingest.file_corrupt'),
    );
    await expect(images.probe(await file(Buffer.alloc(0), '.jpg'), limits)).rejects.toEqual(
      rejection('ingest.file_corrupt'),
    );
  });
});

describe('multi-page TIFF', () => {
  let tiff: string;
  let sources: Buffer[];

  beforeAll(async () => {
    // sharp writes a multi-page TIFF from a joined ("animated") stack of same-sized pages.
    sources = await Promise.all(
      [0, 1, 2].map((n) =>
        sharp({
          create: {
            width: 640,
            height: 900,
            channels: 3,
            background: '#fff',
            noise: { type: 'gaussian', mean: 90 + 60 * n, sigma: 40 },
          },
        })
          .png()
          .toBuffer(),
      ),
    );
    const bytes = await sharp(sources, { join: { animated: true } })
      .withMetadata({ density: 300 })
      .tiff({ compression: 'lzw' })
      .toBuffer();
    tiff = await file(bytes, '.tif');
  });

  it('counts pages and enforces the page limit', async () => {
    const probe = await images.probe(tiff, limits);
    expect(probe).toEqual({ mediaType: 'image/tiff', pages: 3 });
    await expect(images.probe(tiff, { ...limits, maxPagesPerFile: 2 })).rejects.toEqual(
      rejection('ingest.too_many_pages'),
    );
  });

  it('extracts one page losslessly as PNG, keeping its resolution', async () => {
    const probe = await images.probe(tiff, limits);
    const extracted = await images.extractPage(tiff, probe, 1);
    expect(extracted).toMatchObject({
      raster: null,
      text: null,
      dpi: 300,
      image: { mediaType: 'image/png' },
    });
    const got = await sharp(extracted.image.content).raw().toBuffer();
    const want = await sharp(sources[1]!).raw().toBuffer();
    expect(got.equals(want)).toBe(true);
    expect((await sharp(extracted.image.content).metadata()).density).toBe(300);
    await expect(images.extractPage(tiff, probe, 3)).rejects.toThrow(RangeError);
  });

  it('keeps a bilevel (CCITT G4) page 1-bit and exact', async () => {
    const bits = Buffer.alloc(400 * 300);
    bits.forEach((_, i) => (bits[i] = (i * 7919) % 5 === 0 ? 0 : 255));
    const g4 = await sharp(bits, { raw: { width: 400, height: 300, channels: 1 } })
      .toColourspace('b-w')
      .tiff({ bitdepth: 1, compression: 'ccittfax4' })
      .toBuffer();
    const path = await file(g4, '.tif');
    const extracted = await images.extractPage(path, await images.probe(path, limits), 0);
    expect((await sharp(extracted.image.content).metadata()).bitsPerSample).toBe(1);
    const grey = (b: Uint8Array) => sharp(b).greyscale().raw().toBuffer();
    expect((await grey(extracted.image.content)).equals(await grey(g4))).toBe(true);
  });
});

describe('pages', () => {
  it('keeps a JPEG page byte for byte', async () => {
    const jpeg = await sharp(form300).jpeg().withMetadata({ density: 200 }).toBuffer();
    const path = await file(jpeg, '.jpg');
    const extracted = await images.extractPage(path, await images.probe(path, limits), 0);
    expect(Buffer.from(extracted.image.content).equals(jpeg)).toBe(true);
    expect(extracted).toMatchObject({
      dpi: 200,
      raster: null,
      text: null,
      image: { mediaType: 'image/jpeg' },
    });
  });

  it.each([
    [300, 2.5],
    [200, -1.5],
    [300, 0],
  ])(
    'measures the skew of a %i dpi form rotated %f°',
    async (dpi, degrees) => {
      const analysis = await images.analyse(await raster(formSvg(), dpi, degrees));
      expect(Math.abs(analysis.skewDegrees - degrees)).toBeLessThanOrEqual(0.75);
      expect(analysis).toMatchObject({ dpi, blank: false });
    },
    20_000,
  );

  it('calls noise, specks and a faint border blank, and even one line of text not', async () => {
    const specks = Array.from(
      { length: 300 },
      (_, i) => `<circle cx="${5 + ((i * 37) % 200)}" cy="${5 + ((i * 91) % 287)}" r="0.12"/>`,
    );
    const border = '<rect x="2" y="2" width="206" height="293" fill="none" stroke="#aaa" stroke-width="3"/>';
    const overlay = `<svg xmlns="http://www.w3.org/2000/svg" ${A4_PT}>${border}${specks.join('')}</svg>`;
    const noise = await sharp({
      create: {
        width: 1654,
        height: 2339,
        channels: 3,
        background: '#fff',
        noise: { type: 'gaussian', mean: 238, sigma: 10 },
      },
    })
      .composite([{ input: await sharp(Buffer.from(overlay), { density: 200 }).png().toBuffer() }])
      .jpeg()
      .toBuffer();
    const blank = await images.analyse(noise);
    expect(blank).toMatchObject({ blank: true, dpi: null, skewDegrees: 0, width: 1654, height: 2339 });
    for (const lines of [['附件：身份证复印件一份', '备注：材料已核对', '经办人：李娜'], ['经办人：李娜']]) {
      const text = page(lines.map((l, i) => textAsSvgPath(l, 25, 60 + 8 * i, 3.9)).join(''));
      const analysis = await images.analyse(await raster(text, 200));
      expect(analysis.blank).toBe(false);
      expect(analysis.inkRatio).toBeGreaterThan(blank.inkRatio);
    }
  }, 20_000);

  it('prepares a greyscale, deskewed copy for OCR with the table rules erased', async () => {
    const skewed = await raster(formSvg(), 200, 2.5);
    expect(await longestDarkRow(await raster(formSvg(), 200))).toBeGreaterThan(1300);
    const prepared = await images.prepareForOcr(skewed, (await images.analyse(skewed)).skewDegrees);
    const meta = await sharp(prepared).metadata();
    expect(meta).toMatchObject({ format: 'png', channels: 1, density: 200 });
    expect(await longestDarkRow(prepared)).toBeLessThan(200);
    const after = await images.analyse(prepared);
    expect(after.blank).toBe(false);
    expect(Math.abs(after.skewDegrees)).toBeLessThanOrEqual(0.25);
  }, 30_000);

  it('makes a preview and a thumbnail (JPEG or WebP, as labelled), never enlarging', async () => {
    const { preview, thumbnail } = await images.derivatives(form300);
    expect(preview).toMatchObject({ height: 1600, width: 1131 });
    expect(thumbnail).toMatchObject({ height: 300, width: 212 });
    for (const d of [preview, thumbnail]) {
      const { format, width, height } = await sharp(d.content).metadata();
      expect(`image/${format}`).toBe(d.mediaType);
      expect({ width, height }).toEqual({ width: d.width, height: d.height });
    }
    const small = await sharp({ create: { width: 200, height: 120, channels: 3, background: '#fff' } })
      .png()
      .toBuffer();
    expect((await images.derivatives(small)).preview).toMatchObject({ width: 200, height: 120 });
  });

  it('rejects undecodable bytes as corrupt', async () => {
    const jpeg = await sharp(form300).jpeg().toBuffer();
    await expect(images.analyse(jpeg.subarray(0, 5000))).rejects.toEqual(rejection('ingest.file_corrupt'));
  });
});

describe('FsScratchSpace', () => {
  it('streams a copy under a unique, safe name and disposes of it twice without complaint', async () => {
    const space = new FsScratchSpace(join(dir, 'space'));
    const chunks = async function* () {
      yield Buffer.from('abc');
      yield new Uint8Array([100, 101]);
    };
    const a = await space.materialize(chunks(), '../../evil.tif');
    const b = await space.materialize(chunks(), '.tif');
    expect(a.path).not.toBe(b.path);
    expect(a.path.startsWith(join(dir, 'space'))).toBe(true);
    expect(a.path.endsWith('evil.tif')).toBe(true);
    expect(readFileSync(a.path, 'latin1')).toBe('abcde');
    const failing = async function* () {
      yield Buffer.from('partial');
      throw new Error('the blob store went away');
    };
    await expect(space.materialize(failing(), '.jpg')).rejects.toThrow('went away');
    expect(readdirSync(join(dir, 'space'))).toHaveLength(2);
    await a.dispose();
    await a.dispose();
    await b.dispose();
    expect(readdirSync(join(dir, 'space'))).toHaveLength(0);
  });
});
