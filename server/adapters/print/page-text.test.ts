import { PDFDocument } from 'pdf-lib';
import { embedProjectFont } from '../../../ingest/adapters/pdf-fonts';
import { PdfText, wrapText } from './page-text';

let text: PdfText;
beforeAll(async () => {
  text = new PdfText(await embedProjectFont(await PDFDocument.create()), 'F1');
});

/** Lines of `s` in a column `chars` Chinese characters wide at 10 pt. */
const wrap = (s: string, chars: number) => wrapText(s, chars * 10, 10, text);

describe('wrapText', () => {
  it('breaks Chinese between any two characters', () => {
    expect(wrap('城镇职工基本养老保险参保登记表', 6)).toEqual(['城镇职工基本', '养老保险参保', '登记表']);
  });

  it('keeps closing punctuation with the character before it and opening punctuation with the one after', () => {
    expect(wrap('一二三四五，六七', 5)).toEqual(['一二三四', '五，六七']);
    expect(wrap('一二三四（五）', 5)).toEqual(['一二三四', '（五）']);
  });

  it('breaks Latin text between words, after hyphens, and inside a word only when it is wider than a line', () => {
    expect(wrap('Pension insurance registration', 10)).toEqual(['Pension insurance', 'registration']);
    const code = wrap('160-YL·2013-D30-00001', 6);
    expect(code.length).toBeGreaterThan(1);
    expect(code.join('')).toBe('160-YL·2013-D30-00001');
    for (const line of code.slice(0, -1)) expect(line.endsWith('-')).toBe(true);
    expect(code.at(-1)).toBe('D30-00001');
    const long = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const lines = wrap(long, 5);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(long);
    for (const line of lines) expect(text.width(line, 10)).toBeLessThanOrEqual(50);
  });

  it('keeps explicit line breaks, prints control characters as spaces, and gives an empty text one line', () => {
    expect(wrap('第一行\r\n第二行', 10)).toEqual(['第一行', '第二行']);
    expect(wrap('甲\t乙', 10)).toEqual(['甲 乙']);
    expect(wrap('', 10)).toEqual(['']);
  });

  it('measures with the font and caches per character', () => {
    expect(text.width('中中', 10)).toBeCloseTo(20, 5);
    expect(text.width('A', 1000)).toBeCloseTo(text.font.widthOfTextAtSize('A', 1000), 5);
    expect(text.hex('中A')).toBe(
      text.font.encodeText('中').asString() + text.font.encodeText('A').asString(),
    );
  });
});
