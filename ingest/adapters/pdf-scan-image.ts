import { promisify } from 'node:util';
import { constants, inflate } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRawStream, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { unpredictPng, withPngDensity } from './png-tools';

const inflateAsync = promisify(inflate);

/** The picture a scanner put on a page, as an image file. */
export interface ScanImage {
  content: Uint8Array;
  mediaType: 'image/jpeg' | 'image/png';
  /** Image pixels per inch of page width. */
  dpi: number;
}

/** An image XObject of a page: its stream and its pixel size. */
export interface PageImage {
  stream: PDFRawStream;
  width: number;
  height: number;
}

/** The image XObjects in the page's resources, and whether it also has form XObjects (nested content). */
export function pageImages(page: PDFPage): { images: PageImage[]; forms: number } {
  const xobjects = page.node.Resources()?.lookupMaybe(PDFName.of('XObject'), PDFDict);
  const images: PageImage[] = [];
  let forms = 0;
  for (const [, ref] of xobjects?.entries() ?? []) {
    const stream = page.doc.context.lookup(ref);
    if (!(stream instanceof PDFRawStream)) continue;
    const subtype = stream.dict.get(PDFName.of('Subtype'));
    if (subtype === PDFName.of('Form')) forms++;
    if (subtype !== PDFName.of('Image')) continue;
    images.push({ stream, width: num(stream.dict, 'Width'), height: num(stream.dict, 'Height') });
  }
  return { images, forms };
}

/**
 * The page's picture when the page is one full-page image (what scanners write): exactly one image
 * XObject, no form XObjects, and the image's aspect ratio that of the page (within 3 %). A DCTDecode image
 * is returned as the JPEG it is, byte for byte; a FlateDecode one (DeviceGray, DeviceRGB or a 1- or
 * 3-component ICCBased space, 8 bits, or 1-bit grey) is decoded to a PNG. Anything else — JBIG2, CCITT,
 * JPX, CMYK, indexed colour, a mask — gives null, and the caller keeps the page as a PDF.
 */
export async function fullPageImage(page: PDFPage): Promise<ScanImage | null> {
  const { images, forms } = pageImages(page);
  const image = images[0];
  if (!image || images.length !== 1 || forms > 0 || !(image.width > 0) || !(image.height > 0)) return null;
  const { width: pageWidth, height: pageHeight } = page.getSize();
  const ratio = image.width / image.height / (pageWidth / pageHeight);
  if (Math.abs(ratio - 1) > 0.03) return null;
  const dpi = Math.round((image.width / (pageWidth / 72)) * 100) / 100;
  const dict = image.stream.dict;
  const filters = filterNames(dict);
  if (dict.get(PDFName.of('ImageMask'))?.toString() === 'true') return null;
  if (filters.length === 1 && filters[0] === 'DCTDecode') {
    return { content: image.stream.getContents(), mediaType: 'image/jpeg', dpi };
  }
  if (filters.length > 1 || (filters.length === 1 && filters[0] !== 'FlateDecode')) return null;
  const png = await flateImageToPng(image, filters.length === 1, dpi);
  return png ? { content: png, mediaType: 'image/png', dpi } : null;
}

async function flateImageToPng(image: PageImage, deflated: boolean, dpi: number): Promise<Uint8Array | null> {
  const { stream, width, height } = image;
  const dict = stream.dict;
  const channels = componentCount(dict);
  const bits = num(dict, 'BitsPerComponent');
  if (!channels || !(bits === 8 || (bits === 1 && channels === 1))) return null;
  const params = dict.lookupMaybe(PDFName.of('DecodeParms'), PDFDict);
  const predictor = params ? num(params, 'Predictor') : 1;
  if (predictor > 1 && predictor < 10) return null; // TIFF predictor 2: rare in scans, not handled
  const stride = Math.ceil((width * channels * bits) / 8);
  const expected = height * (stride + (predictor >= 10 ? 1 : 0));
  let data: Uint8Array = stream.getContents();
  if (deflated) {
    // Bounded by what the dictionary declares: a decompression bomb stops at that size.
    data = await inflateAsync(data, {
      maxOutputLength: Math.max(expected, 1),
      finishFlush: constants.Z_SYNC_FLUSH,
    });
  }
  if (predictor >= 10) data = unpredictPng(data, stride, Math.ceil((channels * bits) / 8), height);
  if (data.length < stride * height) return null;
  let pixels = data.subarray(0, stride * height);
  const decode = dict.lookupMaybe(PDFName.of('Decode'), PDFArray);
  const inverted = decode?.lookupMaybe(0, PDFNumber)?.asNumber() === 1;
  if (bits === 1) pixels = unpackBits(pixels, width, height, stride, inverted);
  else if (inverted) pixels = pixels.map((v) => 255 - v);
  const png = await sharp(pixels, { raw: { width, height, channels: channels as 1 | 3 } })
    .toColourspace(channels === 1 ? 'b-w' : 'srgb')
    .png({ compressionLevel: 6 })
    .toBuffer();
  return withPngDensity(png, dpi);
}

/** 1 for grey, 3 for RGB (device or ICC-based); 0 for what is not handled. */
function componentCount(dict: PDFDict): number {
  const space = dict.lookup(PDFName.of('ColorSpace'));
  if (space === PDFName.of('DeviceGray')) return 1;
  if (space === PDFName.of('DeviceRGB')) return 3;
  if (space instanceof PDFArray && space.lookup(0) === PDFName.of('ICCBased')) {
    const profile = space.lookup(1);
    const n = profile instanceof PDFRawStream ? num(profile.dict, 'N') : 0;
    return n === 1 || n === 3 ? n : 0;
  }
  return 0;
}

function filterNames(dict: PDFDict): string[] {
  const filter = dict.lookup(PDFName.of('Filter'));
  if (filter instanceof PDFName) return [filter.decodeText()];
  if (filter instanceof PDFArray)
    return filter.asArray().map((f) => (f instanceof PDFName ? f.decodeText() : '?'));
  return [];
}

function num(dict: PDFDict, key: string): number {
  return dict.lookupMaybe(PDFName.of(key), PDFNumber)?.asNumber() ?? 0;
}

/** 1 bit per pixel (rows padded to bytes) to 8-bit grey; 1 = white unless `inverted` (Decode [1 0]). */
function unpackBits(packed: Uint8Array, width: number, height: number, stride: number, inverted: boolean) {
  const out = new Uint8Array(width * height);
  const [one, zero] = inverted ? [0, 255] : [255, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const byte = packed[y * stride + (x >> 3)] ?? 0;
      out[y * width + x] = byte & (0x80 >> (x & 7)) ? one : zero;
    }
  }
  return out;
}
