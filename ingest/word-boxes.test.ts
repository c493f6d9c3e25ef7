import { boxesOnOriginal, pngSize } from './word-boxes';

describe('OCR word boxes back on the original page', () => {
  it('undoes the deskew of the OCR copy (measured with sharp: ink at 1612,465–1747,486 on a page turned 2.5°)', () => {
    const [w] = boxesOnOriginal(
      [{ text: '社会', confidence: 90, box: [1631, 487, 1766, 502] }],
      2.5,
      { width: 2129, height: 3084 },
      { width: 2261, height: 3174 },
    );
    const expected = [1612, 465, 1747, 486];
    w!.box.forEach((v, i) => expect(Math.abs(v - expected[i]!)).toBeLessThanOrEqual(2));
    expect(w!.text).toBe('社会');
  });

  it('leaves boxes alone when the copy was not turned, and keeps them on the page', () => {
    const words = [{ text: 'a', confidence: 1, box: [1, 2, 3, 4] as [number, number, number, number] }];
    expect(boxesOnOriginal(words, 0, { width: 10, height: 10 }, { width: 12, height: 12 })).toEqual(words);
    expect(boxesOnOriginal(words, 1, { width: 10, height: 10 }, { width: 10, height: 10 })).toEqual(words);
    const [edge] = boxesOnOriginal(
      [{ text: 'b', confidence: 1, box: [0, 0, 2261, 3174] }],
      2.5,
      { width: 2129, height: 3084 },
      { width: 2261, height: 3174 },
    );
    expect(edge!.box).toEqual([0, 0, 2129, 3084]);
  });

  it('reads a PNG size from its header, and refuses what is not a PNG', () => {
    const png = Buffer.alloc(24);
    png.set([0x89, 0x50, 0x4e, 0x47]);
    png.writeUInt32BE(2261, 16);
    png.writeUInt32BE(3174, 20);
    expect(pngSize(png)).toEqual({ width: 2261, height: 3174 });
    expect(pngSize(Buffer.from('GIF89a'))).toBeNull();
  });
});
