/**
 * Small page images for the demo: a white A4-proportioned grey-scale PNG (248 × 350) with grey bars
 * laid out like a filled-in form (heading, text lines, a table, a signature), so a page is not blank.
 * Pure Node: zlib deflate and a CRC-32 chunk writer.
 */
import { deflateSync } from 'node:zlib';
import { createRandom } from './synthetic';

export const PAGE_WIDTH = 248;
export const PAGE_HEIGHT = 350;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32 (ISO-HDLC, as PNG uses it). */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(data).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/** Encodes 8-bit grey-scale pixels (row-major, `width * height` bytes) as a PNG. */
export function encodeGreyPng(width: number, height: number, pixels: Uint8Array): Buffer {
  if (pixels.length !== width * height) throw new RangeError('pixel buffer does not match the size');
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width + 1)] = 0; // filter: none
    Buffer.from(pixels.buffer, pixels.byteOffset + y * width, width).copy(raw, y * (width + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // colour type: grey-scale
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** A demo page: deterministic for (seed, page number). */
export function demoPagePng(seed: number, page: number): Buffer {
  const rng = createRandom(seed * 31 + page);
  const w = PAGE_WIDTH;
  const h = PAGE_HEIGHT;
  const px = new Uint8Array(w * h).fill(255);
  const rect = (x0: number, y0: number, x1: number, y1: number, grey: number) => {
    for (let y = Math.max(0, y0); y < Math.min(h, y1); y++)
      px.fill(grey, y * w + Math.max(0, x0), y * w + Math.min(w, x1));
  };
  const margin = 22;
  // Heading, centred.
  const headW = 90 + Math.floor(rng() * 70);
  rect((w - headW) >> 1, 26, (w + headW) >> 1, 34, 90);
  // Text lines.
  let y = 52;
  const lines = 5 + Math.floor(rng() * 6);
  for (let i = 0; i < lines; i++, y += 11)
    rect(margin + (i === 0 ? 12 : 0), y, margin + 60 + Math.floor(rng() * (w - 2 * margin - 60)), y + 4, 150);
  // A table: outer frame, rows and a column rule, some cells filled.
  const top = y + 10;
  const rows = 4 + Math.floor(rng() * 5);
  const bottom = Math.min(h - 70, top + rows * 16);
  const mid = margin + 70 + Math.floor(rng() * 40);
  for (let r = 0; r <= rows; r++)
    rect(
      margin,
      top + Math.round(((bottom - top) * r) / rows),
      w - margin,
      top + Math.round(((bottom - top) * r) / rows) + 1,
      120,
    );
  rect(margin, top, margin + 1, bottom + 1, 120);
  rect(w - margin - 1, top, w - margin, bottom + 1, 120);
  rect(mid, top, mid + 1, bottom + 1, 120);
  for (let r = 0; r < rows; r++) {
    const cy = top + Math.round(((bottom - top) * r) / rows) + 6;
    rect(margin + 5, cy, margin + 20 + Math.floor(rng() * 40), cy + 3, 170);
    if (rng() < 0.8) rect(mid + 6, cy, mid + 20 + Math.floor(rng() * (w - margin - mid - 30)), cy + 3, 110);
  }
  // Signature and date, bottom right; a page number, bottom centre.
  rect(w - margin - 80, h - 52, w - margin - 10, h - 48, 130);
  rect(w - margin - 60, h - 40, w - margin - 10, h - 37, 160);
  rect((w >> 1) - 4 - page, h - 18, (w >> 1) + 4 + page, h - 15, 170);
  return encodeGreyPng(w, h, px);
}
