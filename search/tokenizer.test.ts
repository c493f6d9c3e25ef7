import { indexTokens, queryTerms } from './tokenizer';

describe('the Chinese tokenizer', () => {
  it('indexes Han runs as bigrams plus the last character', () => {
    expect(indexTokens('养老保险')).toEqual(['养老', '老保', '保险', '险']);
    expect(indexTokens('张')).toEqual(['张']);
  });

  it('keeps identifiers whole and lower-cases them', () => {
    expect(indexTokens('身份证号：50010619570508481X')).toEqual([
      '身份',
      '份证',
      '证号',
      '号',
      '50010619570508481x',
    ]);
  });

  it('normalises full-width characters', () => {
    expect(indexTokens('ＡＢＣ１２３')).toEqual(['abc123']);
  });

  it('turns a two-character query into one bigram', () => {
    expect(queryTerms('养老')).toEqual([{ surface: '养老', tokens: ['养老'], prefix: false }]);
  });

  it('cuts a run-on query into words that must each match', () => {
    const terms = queryTerms('张三丰养老保险');
    expect(terms.map((t) => t.surface)).toEqual(['张三丰', '养老保险']);
    expect(terms[1]!.tokens).toEqual(['养老', '老保', '保险']);
  });

  it('keeps a name jieba splits into characters as one phrase', () => {
    expect(queryTerms('胡泽庆').map((t) => t.surface)).toEqual(['胡泽庆']);
    expect(queryTerms('胡泽庆')[0]).toEqual({ surface: '胡泽庆', tokens: ['胡泽', '泽庆'], prefix: false });
    expect(queryTerms('在职职工增员').every((t) => !t.prefix)).toBe(true);
  });

  it('makes a lone character a prefix term', () => {
    expect(queryTerms('张')).toEqual([{ surface: '张', tokens: ['张'], prefix: true }]);
  });

  it('drops query syntax and punctuation entirely', () => {
    const terms = queryTerms('养老" OR 1=1 NEAR(a b) * ^col:工伤 -- ');
    for (const t of terms) for (const tok of t.tokens) expect(tok).toMatch(/^[\p{Script=Han}a-z0-9]+$/u);
    expect(terms.map((t) => t.surface)).toEqual(
      expect.arrayContaining(['养老', 'or', '1', 'near', 'a', 'b', 'col', '工伤']),
    );
  });

  it('returns nothing for text with no searchable characters', () => {
    expect(queryTerms('  "*()  ')).toEqual([]);
  });
});
