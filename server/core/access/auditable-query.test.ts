import { auditableQuery } from './masking.policy';

describe('auditableQuery: what a search asked for, fit for the audit trail', () => {
  it('masks a person filter whole, as an ID number or as a name', () => {
    expect(auditableQuery({ person: '11010519491231002X' }, [])).toEqual({ person: '110105********002X' });
    expect(auditableQuery({ person: '张伟' }, [])).toEqual({ person: '张*' });
  });

  it('masks ID numbers and the names the answer concerns in the free text, and keeps the rest', () => {
    expect(auditableQuery({ q: '张伟 养老 11010519491231002X', year: 2013 }, ['张伟'])).toEqual({
      q: '张* 养老 110105********002X',
      year: 2013,
    });
  });

  it('masks every Chinese run when the answer concerns no one (the words may be a name)', () => {
    expect(auditableQuery({ q: '赵建国 D10' }, [])).toEqual({ q: '赵** D10' });
    expect(auditableQuery({ classCode: 'GL', unit: '永利建筑' }, [])).toEqual({
      classCode: 'GL',
      unit: '永利建筑',
    });
  });
});
