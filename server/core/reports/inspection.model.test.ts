import { evaluateInspection, summarise, type InspectionFacts, type RecordCounts } from './inspection.model';

const none: RecordCounts = { total: 0, byStatus: {} };
const counts = (byStatus: Record<string, number>): RecordCounts => ({
  total: Object.values(byStatus).reduce((a, b) => a + b, 0),
  byStatus,
});

function facts(
  over: Partial<InspectionFacts['items']> = {},
  records: Partial<InspectionFacts['records']> = {},
) {
  const f: InspectionFacts = {
    asOf: '2025-06-01T00:00:00.000Z',
    accounts: {
      byRole: { archivist: 1, clerk: 2, section_head: 2, approver: 1 },
      sectionsWithClerk: ['养老保险科'],
    },
    catalogue: {
      retentionTableVersion: 1,
      retentionRows: 80,
      retentionRowsVerified: 20,
      fonds: [{ code: '160', name: '重庆市涪陵区社会保险局', schemes: 1 }],
    },
    items: {
      byStatus: { archived: { items: 90, pages: 300 }, filed: { items: 10, pages: 10 } },
      archivedUnnumbered: 0,
      unknownClass: 0,
      transferDueThrough: 2024,
      lateNotTransferred: 0,
      lateInTransfer: 0,
      dueForTransfer: 100,
      dueForAppraisal: 0,
      out: 0,
      catalogueGroups: 12,
      latestCatalogueYear: 2024,
      ...over,
    },
    records: {
      transfer: none,
      box_type: none,
      box: none,
      location: { ...none, rooms: 0, rows: 0, shelves: 0 },
      movement: none,
      loan: { ...none, withEffect: 0, typicalCases: 0 },
      appraisal: none,
      destruction_list: none,
      ...records,
    },
  };
  return f;
}

const line = (f: InspectionFacts, item: string) => {
  const l = evaluateInspection(f, null).find((x) => x.item === item);
  if (!l) throw new Error(`no line ${item}`);
  return l;
};

describe('达标验收 readiness (pure)', () => {
  it('lists the sixteen checklist items, 100 points in all', () => {
    const lines = evaluateInspection(facts(), null);
    expect(lines.map((l) => l.item)).toEqual([
      '管理办法',
      '档案人员',
      '管理措施',
      '档案用房',
      '档案用具',
      '设施设备',
      '相关制度',
      '归档',
      '收集',
      '整理',
      '保管',
      '鉴定销毁统计',
      '移交',
      '检索工具',
      '利用',
      '查询',
    ]);
    expect(lines.reduce((a, l) => a + l.points, 0)).toBe(100);
    const summary = summarise(lines);
    expect(summary.reduce((a, s) => a + s.points, 0)).toBe(100);
    expect(summary.find((s) => s.status === 'not_held')?.items).toBe(4);
  });

  it('says plainly what the system does not hold', () => {
    const f = facts();
    for (const item of ['管理办法', '档案用房', '移交', '查询']) {
      const l = line(f, item);
      expect(l.status).toBe('not_held');
      expect(l.statusLabel).toBe('系统未掌握');
    }
    expect(line(f, '保管').evidence).toContainEqual({ label: '库房温湿度记录', value: '系统未掌握' });
  });

  it('归档: met with nothing late, partly up to a tenth late, not met beyond', () => {
    expect(line(facts(), '归档').status).toBe('met');
    const partly = line(facts({ lateNotTransferred: 10 }), '归档');
    expect(partly.status).toBe('partly');
    expect(partly.finding).toContain('10 件逾期未移交');
    expect(partly.evidence).toContainEqual({ label: '归档率', value: '90.0%' });
    expect(line(facts({ lateNotTransferred: 11 }), '归档').status).toBe('not_met');
  });

  it('利用: met once a closed loan records its use effect', () => {
    expect(line(facts(), '利用').status).toBe('not_met');
    expect(
      line(facts({}, { loan: { ...counts({ pending: 1 }), withEffect: 0, typicalCases: 0 } }), '利用').status,
    ).toBe('partly');
    const met = line(
      facts({}, { loan: { ...counts({ closed: 3 }), withEffect: 3, typicalCases: 1 } }),
      '利用',
    );
    expect(met.status).toBe('met');
    expect(met.evidence).toContainEqual({ label: '利用典型事例', value: 1 });
  });

  it('整理 and 检索工具 follow the numbering; 鉴定 is pending while items are due and none is appraised', () => {
    expect(line(facts({}, { box: counts({ open: 1 }) }), '整理').status).toBe('met');
    expect(line(facts({ archivedUnnumbered: 3 }, { box: counts({ open: 1 }) }), '整理').status).toBe(
      'partly',
    );
    expect(line(facts({ archivedUnnumbered: 3 }), '检索工具').status).toBe('partly');
    expect(line(facts({ dueForAppraisal: 5 }), '鉴定销毁统计').status).toBe('partly');
    expect(
      line(facts({ dueForAppraisal: 5 }, { appraisal: counts({ open: 1 }) }), '鉴定销毁统计').status,
    ).toBe('met');
  });

  it('links to the statistics tables of the fonds asked for', () => {
    const l = evaluateInspection(facts(), '160').find((x) => x.item === '鉴定销毁统计')!;
    expect(l.links.map((k) => k.href)).toContain('/api/reports/yearly?fondsCode=160');
  });

  it('links registers with the period under review and the latest year’s 归档文件目录', () => {
    // As of 2025-06-01 the 2024 items were due: their receipts fall from 2025-01-01 on.
    const hrefs = evaluateInspection(facts(), null).flatMap((l) => l.links.map((k) => k.href));
    expect(hrefs).toEqual(
      expect.arrayContaining([
        '/api/transfers/register?from=2025-01-01&to=2025-06-01',
        '/api/movements/register?kind=changes&from=2025-01-01&to=2025-06-01',
        '/api/loans/typical-cases?year=2025',
        '/api/archival-catalogue?fondsCode=160&year=2024',
      ]),
    );
    const early = evaluateInspection(
      { ...facts({ transferDueThrough: 2023 }), asOf: '2025-02-01T00:00:00Z' },
      null,
    );
    expect(early.flatMap((l) => l.links.map((k) => k.href))).toContain(
      '/api/loans/statistics?from=2024-01-01&to=2025-02-01',
    );
    const none = evaluateInspection(facts({ latestCatalogueYear: null }), null);
    expect(
      none.flatMap((l) => l.links.map((k) => k.href)).some((h) => h.includes('archival-catalogue')),
    ).toBe(false);
  });
});
