import type { TallyRow } from '../items/item-repository.port';
import { businessTable, byClassTable, holdingsTable, yearlyTable, yearsOf } from './statistics.model';

const t = (key: TallyRow['key'], items: number, pages: number): TallyRow => ({ key, items, pages });

describe('statistics tables (pure)', () => {
  it('lists the asked years, or the years present where a bound is missing', () => {
    expect(yearsOf(2012, 2014, [])).toEqual([2012, 2013, 2014]);
    expect(yearsOf(undefined, undefined, [2015, 2011])).toEqual([2011, 2012, 2013, 2014, 2015]);
    expect(yearsOf(2013, undefined, [2011, 2015])).toEqual([2013, 2014, 2015]);
    expect(yearsOf(undefined, 2013, [])).toEqual([2013]);
    expect(yearsOf(undefined, undefined, [])).toEqual([]);
  });

  it('《业务档案统计表》: 件数 and 页数 per year and 保管期限, empty years as zeros, 合计 last', () => {
    const body = businessTable(
      [
        t({ year: 2012, retention: 'Y' }, 2, 7),
        t({ year: 2012, retention: 'D30' }, 1, 3),
        t({ year: 2014, retention: 'D10' }, 4, 4),
        t({ year: 2020, retention: 'D10' }, 9, 9), // outside the years listed
      ],
      [2012, 2013, 2014],
    );
    expect(
      body.rows.map((r) => [
        r.year,
        r['Y.items'],
        r['Y.pages'],
        r['D30.items'],
        r['D10.items'],
        r['total.items'],
        r['total.pages'],
      ]),
    ).toEqual([
      [2012, 2, 7, 1, 0, 3, 10],
      [2013, 0, 0, 0, 0, 0, 0],
      [2014, 0, 0, 0, 4, 4, 4],
    ]);
    expect(body.total).toMatchObject({
      year: '合计',
      'Y.items': 2,
      'D10.pages': 4,
      'total.items': 7,
      'total.pages': 14,
    });
    expect(body.columns.map((c) => (c.group ? c.group + c.label : c.label))).toEqual([
      '年度',
      '永久件数',
      '永久页数',
      '100年件数',
      '100年页数',
      '50年件数',
      '50年页数',
      '30年件数',
      '30年页数',
      '10年件数',
      '10年页数',
      '合计件数',
      '合计页数',
    ]);
  });

  it('《各类别业务档案统计表》: every current class in order, then unknown classes', () => {
    const body = byClassTable(
      [t({ classCode: 'GS', retention: 'D50' }, 3, 6), t({ classCode: 'OLD', retention: 'Y' }, 1, 1)],
      [
        { code: 'GS', name: '工伤保险待遇类', ordinal: 6 },
        { code: 'GL', name: '社会保险管理类', ordinal: 1 },
      ],
    );
    expect(body.rows.map((r) => [r.classCode, r.className, r['D50.items'], r['total.items']])).toEqual([
      ['GL', '社会保险管理类', 0, 0],
      ['GS', '工伤保险待遇类', 3, 3],
      ['OLD', '（不在现行分类中）', 0, 1],
    ]);
    expect(body.total).toMatchObject({
      classCode: '合计',
      className: '',
      'total.items': 4,
      'total.pages': 7,
    });
  });

  it('《全局档案统计表》: per fonds by status, with the items out of their box', () => {
    const body = holdingsTable(
      [
        t({ fondsCode: '160', status: 'archived' }, 10, 30),
        t({ fondsCode: '160', status: 'filed' }, 2, 2),
        t({ fondsCode: '160', status: 'returned' }, 1, 1),
        t({ fondsCode: '160', status: 'in_transfer' }, 3, 5),
        t({ fondsCode: '160', status: 'destroyed' }, 4, 0),
        t({ fondsCode: '161', status: 'archived' }, 1, 1),
      ],
      [t({ fondsCode: '160' }, 2, 6)],
      [{ code: '160', name: '重庆市涪陵区社会保险局' }],
    );
    expect(body.rows).toEqual([
      {
        fondsCode: '160',
        fondsName: '重庆市涪陵区社会保险局',
        'archived.items': 10,
        'archived.pages': 30,
        'out.items': 2,
        'in_transfer.items': 3,
        'pending.items': 3,
        'destroyed.items': 4,
        'total.items': 20,
        'total.pages': 38,
      },
      expect.objectContaining({ fondsCode: '161', fondsName: '', 'archived.items': 1, 'total.items': 1 }),
    ]);
    expect(body.total).toMatchObject({ fondsCode: '合计', 'archived.items': 11, 'total.items': 21 });
  });

  it('《历年档案统计表》: received, destroyed, held, and the holding accumulated from the oldest year', () => {
    const body = yearlyTable(
      [
        t({ year: 2010, status: 'archived' }, 5, 9), // before the range: only in the accumulation
        t({ year: 2012, status: 'archived' }, 3, 6),
        t({ year: 2012, status: 'destroyed' }, 2, 0),
        t({ year: 2012, status: 'pre_archived' }, 1, 1),
        t({ year: 2013, status: 'in_transfer' }, 4, 4),
        t({ year: 2013, status: 'archived' }, 1, 2),
      ],
      [2012, 2013],
    );
    expect(body.rows).toEqual([
      {
        year: 2012,
        'received.items': 5,
        'destroyed.items': 2,
        'held.items': 3,
        'held.pages': 6,
        'cumulative.items': 8,
        'cumulative.pages': 15,
        'pending.items': 1,
      },
      {
        year: 2013,
        'received.items': 1,
        'destroyed.items': 0,
        'held.items': 1,
        'held.pages': 2,
        'cumulative.items': 9,
        'cumulative.pages': 17,
        'pending.items': 4,
      },
    ]);
    expect(body.total).toMatchObject({
      year: '合计',
      'received.items': 6,
      'held.items': 4,
      'cumulative.items': 9,
      'pending.items': 5,
    });
  });
});
