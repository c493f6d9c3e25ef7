import sharp from 'sharp';
async function main() {
  const px = Buffer.alloc(100 * 100, 200);
  const a = await sharp(px, { raw: { width: 100, height: 100, channels: 1 } }).toColourspace('b-w').png({ compressionLevel: 6 }).toBuffer();
  console.log('ct', a[25], (await sharp(a).raw().toBuffer({ resolveWithObject: true })).info.channels);
  const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100%" height="100%" fill="#fff"/></svg>');
  const g = await sharp(svg).removeAlpha().toColourspace('b-w').png().toBuffer();
  console.log('src ct', g[25], (await sharp(g).raw().toBuffer({ resolveWithObject: true })).info.channels);
}
void main();
