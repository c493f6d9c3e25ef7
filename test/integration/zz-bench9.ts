import sharp from 'sharp';
import { readFileSync } from 'node:fs';
async function time(name: string, n: number, f: () => Promise<unknown> | unknown) {
  for (let i = 0; i < 3; i++) await f();
  const c = process.cpuUsage();
  const t = performance.now();
  for (let i = 0; i < n; i++) await f();
  const cpu = process.cpuUsage(c);
  console.log(name.padEnd(28), 'wall', ((performance.now() - t) / n).toFixed(1), 'cpu', ((cpu.user + cpu.system) / 1000 / n).toFixed(1), 'ms');
}
async function main() {
  const { data, info } = await sharp(readFileSync('/tmp/scratch/composed.png')).raw().toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 1 as const } };
  console.log(info.channels);
  await time('alloc+fill', 50, () => new Uint8Array(info.width * info.height).fill(255));
  await time('png c6', 30, () => sharp(data, raw).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer());
  await time('png c6 + density', 30, () => sharp(data, raw).withMetadata({ density: 150 }).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer());
  await time('png c1', 30, () => sharp(data, raw).png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer());
  await time('png c6 adaptive', 30, () => sharp(data, raw).png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer());
  for (const c of [1, 6]) console.log(c, (await sharp(data, raw).png({ compressionLevel: c, adaptiveFiltering: false }).toBuffer()).length);
  console.log('adaptive', (await sharp(data, raw).png({ compressionLevel: 6, adaptiveFiltering: true }).toBuffer()).length);
  const zlib = await import('node:zlib');
  await time('node zlib deflate c6', 30, () => new Promise((r) => zlib.deflate(data, { level: 6 }, r)));
}
void main();
