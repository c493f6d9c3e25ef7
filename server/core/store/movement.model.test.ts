import type { Movement } from './movement.model';
import { assertReasonFits, belongsTo, registerRow } from './movement.model';
import { archiveDay } from '../shared/calendar';

const m = (overrides: Partial<Movement>): Movement => ({
  id: 'mvt_1',
  revision: 1,
  no: 1,
  at: '2024-03-01T02:00:00.000Z',
  date: '2024-03-01',
  direction: 'out',
  reason: 'loan',
  note: '',
  subjectKind: 'item',
  subjectId: 'itm_1',
  subjectLabel: '160-2013-GL-D100-0001',
  ref: 'JY2024-0001',
  from: '1库-03列-2节-4层 160-2013-GL-D100-盒0001',
  to: '医疗保险科',
  actorId: 'acc_1',
  actor: 'archivist',
  actorName: '档案员',
  returnedAt: null,
  returnMovementId: null,
  outMovementId: null,
  ...overrides,
});

describe('movements (出入库)', () => {
  it('dates movements in China time', () => {
    expect(archiveDay('2024-02-29T16:30:00.000Z')).toBe('2024-03-01');
    expect(archiveDay('2024-02-29T15:59:59.000Z')).toBe('2024-02-29');
  });

  it('allows each reason only in its directions', () => {
    expect(() => assertReasonFits('out', 'loan')).not.toThrow();
    expect(() => assertReasonFits('in', 'loan')).toThrow(
      expect.objectContaining({ code: 'movement.bad_reason' }),
    );
    expect(() => assertReasonFits('move', 'relocation')).not.toThrow();
    expect(() => assertReasonFits('out', 'shelving')).toThrow(
      expect.objectContaining({ code: 'movement.bad_reason' }),
    );
  });

  it('sorts movements into the 出入库 and 异动 registers', () => {
    expect(belongsTo('in_out', m({}))).toBe(true);
    expect(belongsTo('changes', m({}))).toBe(false);
    expect(belongsTo('in_out', m({ direction: 'move', reason: 'relocation' }))).toBe(false);
    expect(belongsTo('changes', m({ direction: 'move', reason: 'relocation' }))).toBe(true);
    expect(belongsTo('changes', m({ reason: 'transfer_out' }))).toBe(true);
    expect(belongsTo('in_out', m({ direction: 'in', reason: 'shelving' }))).toBe(true);
  });

  it('prints a register row with 去向, 归还日期 or 未归还', () => {
    expect(registerRow(m({}), 1, '张*在职职工增员申报表')).toEqual([
      '1',
      '2024-03-01',
      '160-2013-GL-D100-0001',
      '张*在职职工增员申报表',
      '出库',
      '借出',
      '档案员',
      '医疗保险科',
      '未归还',
      'JY2024-0001',
    ]);
    const back = registerRow(m({ returnedAt: '2024-03-05T01:00:00.000Z' }), 2, '');
    expect(back[8]).toBe('2024-03-05');
    const moved = registerRow(
      m({
        direction: 'move',
        reason: 'relocation',
        from: '1库-01列-1节-1层',
        to: '1库-02列-1节-1层',
        note: '调架',
      }),
      3,
      '',
    );
    expect(moved[5]).toBe('移位：调架');
    expect(moved[7]).toBe('1库-01列-1节-1层 → 1库-02列-1节-1层');
  });
});
