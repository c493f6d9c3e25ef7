import { crc32 } from 'node:zlib';

/**
 * Two small pieces of PNG: the resolution chunk, and the row filters that PDF's FlateDecode predictors
 * borrow from PNG.
 */

/**
 * `png` saying `dpi` in its `pHYs` chunk (replaced, or added after IHDR). sharp sets the density only
 * through `withMetadata`, which also converts to sRGB and embeds a profile — turning a grey page into an
 * RGB one, at more cost than the encoding itself.
 */
export function withPngDensity(png: Uint8Array, dpi: number): Uint8Array {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  const perMetre = Math.round(dpi / 0.0254);
  const chunk = Buffer.alloc(21);
  chunk.writeUInt32BE(9, 0);
  chunk.write('pHYs', 4, 'latin1');
  chunk.writeUInt32BE(perMetre, 8);
  chunk.writeUInt32BE(perMetre, 12);
  chunk.writeUInt8(1, 16); // unit: metre
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 17)), 17);
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT' || type === 'IEND') break;
    if (type === 'pHYs' && length === 9) {
      const out = Buffer.from(bytes);
      chunk.copy(out, at);
      return out;
    }
    at += 12 + length;
  }
  if (bytes.toString('latin1', 12, 16) !== 'IHDR') return png;
  return Buffer.concat([bytes.subarray(0, 33), chunk, bytes.subarray(33)]);
}

/**
 * Undoes the PNG row filters of a FlateDecode stream with `/DecodeParms << /Predictor 10-15 >>` (PDF 32000-1
 * § 7.4.4.4): every row starts with a filter byte (0 none, 1 sub, 2 up, 3 average, 4 Paeth).
 * `stride` is the bytes of one row without the filter byte, `bpp` the bytes per pixel (at least 1).
 * Rows missing at the end are left black; an unknown filter byte is read as none.
 */
export function unpredictPng(data: Uint8Array, stride: number, bpp: number, height: number): Uint8Array {
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const src = y * (stride + 1);
    if (src + stride >= data.length) break;
    const filter = data[src] ?? 0;
    const row = y * stride;
    const up = row - stride;
    for (let x = 0; x < stride; x++) {
      const raw = data[src + 1 + x] ?? 0;
      const a = x >= bpp ? (out[row + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (out[up + x] ?? 0) : 0;
      const c = y > 0 && x >= bpp ? (out[up + x - bpp] ?? 0) : 0;
      let value: number;
      switch (filter) {
        case 1:
          value = raw + a;
          break;
        case 2:
          value = raw + b;
          break;
        case 3:
          value = raw + ((a + b) >> 1);
          break;
        case 4:
          value = raw + paeth(a, b, c);
          break;
        default:
          value = raw;
      }
      out[row + x] = value & 0xff;
    }
  }
  return out;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}
