import jsQR from 'jsqr';
import sharp from 'sharp';
import type { SeparatorReader } from '../../server/core/ingest/ingest-ports';

/** Options of {@link JsqrSeparatorReader}. */
export interface JsqrSeparatorReaderOptions {
  /**
   * Longest sides (px) to look for the code at, smallest first. Default [1000, 2000]: on an A4 page a 50 mm
   * code is ~170 px at 1000 (enough for a short payload) and ~340 px at 2000 (a long one, or a small code).
   */
  sides?: number[];
  /** Pixel ceiling for decoding the page (sharp's `limitInputPixels`). Default sharp's own 0x3FFF². */
  maxPixels?: number;
}

/**
 * `SeparatorReader` on jsQR: the page is flattened on white, scaled down (never up) and searched for a QR
 * code; the first scale that yields one wins. Answers the code's text as it is (UTF-8 byte segments are
 * decoded by jsQR), or null; what the text means is `decodeSeparator`'s business.
 */
export class JsqrSeparatorReader implements SeparatorReader {
  private readonly sides: number[];
  private readonly maxPixels: number;

  constructor(options: JsqrSeparatorReaderOptions = {}) {
    this.sides = [...(options.sides ?? [1000, 2000])].sort((a, b) => a - b);
    this.maxPixels = options.maxPixels ?? 0x3fff * 0x3fff;
  }

  async read(image: Uint8Array): Promise<string | null> {
    for (const side of this.sides) {
      const { data, info } = await sharp(image, { limitInputPixels: this.maxPixels })
        .flatten({ background: '#ffffff' })
        .resize(side, side, { fit: 'inside', withoutEnlargement: true })
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      const pixels = new Uint8ClampedArray(data.buffer, data.byteOffset, data.length);
      const code = jsQR(pixels, info.width, info.height, { inversionAttempts: 'dontInvert' });
      if (code?.data) return code.data;
      // The page is smaller than this side: a larger one would look at the same pixels again.
      if (Math.max(info.width, info.height) < side) break;
    }
    return null;
  }
}
