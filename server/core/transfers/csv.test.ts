import { decodeCsvBytes, parseCsv } from './csv';

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; details: { line: number } };
  }
  throw new Error('did not throw');
};

describe('CSV', () => {
  it('parses quoted fields, doubled quotes, CRLF, embedded newlines and skips blank lines', () => {
    const rows = parseCsv('a,b,c\r\n1,"x, y","say ""hi"""\r\n\r\n2,"two\nlines",\n');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
      { line: 4, fields: ['2', 'two\nlines', ''] },
    ]);
  });

  it('reads tab-separated text when the header has tabs and no commas', () => {
    expect(parseCsv('a\tb\n1\t2').map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('names the line of an unclosed quote or a stray quote', () => {
    expect(err(() => parseCsv('a,b\n1,2\n3,"open\n'))).toMatchObject({
      code: 'reconcile.csv_malformed',
      details: { line: 3 },
    });
    expect(err(() => parseCsv('a,b\n1,x"y\n'))).toMatchObject({ details: { line: 2 } });
    expect(err(() => parseCsv('a,b\n"1"x,2\n'))).toMatchObject({ details: { line: 2 } });
  });

  it('decodes UTF-8 with or without BOM, and GBK', () => {
    const text = '业务环节,姓名\nGX-01,张伟\n';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeCsvBytes(utf8)).toBe(text);
    expect(decodeCsvBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    // 业务环节,姓名 / GX-01,张伟 in GBK
    const gbk = Buffer.from('d2b5cef1bbb7bdda2cd0d5c3fb0a47582d30312cd5c5ceb00a', 'hex');
    expect(decodeCsvBytes(gbk)).toBe(text);
  });
});
