import { maskWords, pageTextOf, textOfWords } from './item-text';

const w = (text: string) => ({ text, box: [0, 0, 1, 1] as [number, number, number, number] });

describe('a page’s text and words for the viewer', () => {
  it('masks names and ID numbers in words as in the text, also when OCR split them over words', () => {
    const words = [
      w('姓名：'),
      w('张'),
      w('伟'),
      w('公民身份号码：'),
      w('500102'),
      w('199001014517'),
      w('张伟'),
    ];
    const masked = maskWords(words, ['张伟'], ['500102199001014517']).map((x) => x.text);
    expect(masked).toEqual(['姓名：', '张', '*', '公民身份号码：', '500102', '********4517', '张*']);
    // Boxes stay where they were.
    expect(maskWords(words, ['张伟'], []).every((x, i) => x.box === words[i]!.box)).toBe(true);
  });

  it('masks a valid 公民身份号码 of anyone, standing alone in a word', () => {
    expect(maskWords([w('11010519491231002X')], [], []).map((x) => x.text)).toEqual(['110105********002X']);
  });

  it('takes a page’s part of the item’s text by ingest’s separator, else the words’ text', () => {
    const item = { content: 'one\n\f\ntwo', pages: [{}, {}] } as never;
    expect(pageTextOf(item, 2)).toBe('two');
    expect(pageTextOf({ content: 'all', pages: [{}] } as never, 1)).toBe('all');
    expect(pageTextOf({ content: 'a\n\f\nb', pages: [{}, {}, {}] } as never, 1)).toBeNull();
    expect(textOfWords([w('养老'), w('保险'), w('2350.00'), w('元')])).toBe('养老保险 2350.00 元');
  });
});
