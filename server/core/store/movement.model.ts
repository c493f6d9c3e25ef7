import type { StoredRecord } from '../records/record-store.port';
import { invalid } from '../shared/errors';
import { archiveDay } from '../shared/calendar';

/**
 * 出入库 / 异动: every movement of an item or a box into, out of, or within the store is registered with
 * who, when, why, and from where to where [004:889]. An 出库 is later matched by its 归还 (入库) movement,
 * which gives the register its 归还日期.
 */
export const MOVEMENT_DIRECTIONS = ['in', 'out', 'move'] as const;
export type MovementDirection = (typeof MOVEMENT_DIRECTIONS)[number];
export const DIRECTION_LABELS: Record<MovementDirection, string> = { in: '入库', out: '出库', move: '移位' };

export const MOVEMENT_REASONS = [
  'shelving', // 入库上架 (accession)
  'loan', // 借出
  'return', // 归还
  'relocation', // 移位 between shelves
  'digitisation', // 数字化调出 / 调回
  'inspection', // 检查、修裱
  'transfer_out', // 移出 (to the 档案馆 or another agency)
  'destruction', // 销毁
  'other',
] as const;
export type MovementReason = (typeof MOVEMENT_REASONS)[number];
export const REASON_LABELS: Record<MovementReason, string> = {
  shelving: '入库上架',
  loan: '借出',
  return: '归还',
  relocation: '移位',
  digitisation: '数字化',
  inspection: '检查修裱',
  transfer_out: '移出',
  destruction: '销毁',
  other: '其他',
};

const ALLOWED: Record<MovementReason, readonly MovementDirection[]> = {
  shelving: ['in'],
  loan: ['out'],
  return: ['in'],
  relocation: ['move'],
  digitisation: ['out', 'in'],
  inspection: ['out', 'in'],
  transfer_out: ['out'],
  destruction: ['out'],
  other: ['out', 'in', 'move'],
};

export function assertReasonFits(direction: MovementDirection, reason: MovementReason): void {
  if (!ALLOWED[reason].includes(direction))
    throw invalid(
      'movement.bad_reason',
      `A ${REASON_LABELS[reason]} movement cannot be ${DIRECTION_LABELS[direction]}.`,
      {
        direction,
        reason,
      },
    );
}

export type SubjectKind = 'item' | 'box';

export interface Movement extends StoredRecord {
  /** 登记号: gap-free across the store. */
  no: number;
  at: string;
  /** The day in China (UTC+8), for registers by date range. */
  date: string;
  direction: MovementDirection;
  reason: MovementReason;
  note: string;
  subjectKind: SubjectKind;
  subjectId: string;
  /** 档号 of an item, code of a box: what the register prints (never a name). */
  subjectLabel: string;
  /** The loan, request or other record this movement belongs to. */
  ref: string | null;
  /** 来源 and 去向: a shelf, a box, a borrower, a unit. */
  from: string | null;
  to: string | null;
  actorId: string;
  actor: string;
  actorName: string;
  /** On an 出库: when it came back, and the movement that brought it. */
  returnedAt: string | null;
  returnMovementId: string | null;
  /** On a 归还: the 出库 it closes. */
  outMovementId: string | null;
}

/** The two registers: 《业务档案出入库情况登记表》 (in and out) and 《档案异动登记表》 (changes of place or holding). */
export const REGISTERS = {
  in_out: { title: '业务档案出入库情况登记表' },
  changes: { title: '档案异动登记表' },
} as const;
export type RegisterKind = keyof typeof REGISTERS;

/**
 * 出入库 register: every 入库 and 出库. 异动 register: what changes where a record is or whether the store
 * holds it — 移位, 移出, 销毁, 调出 for digitisation or inspection, others — but not routine shelving,
 * loans and returns.
 */
export function belongsTo(register: RegisterKind, m: Pick<Movement, 'direction' | 'reason'>): boolean {
  if (register === 'in_out') return m.direction !== 'move';
  return !['shelving', 'loan', 'return'].includes(m.reason);
}

export const REGISTER_COLUMNS = [
  { label: '序号', width: 4, align: 'center' as const },
  { label: '日期', width: 8, align: 'center' as const },
  { label: '档号/盒号', width: 15 },
  { label: '题名', width: 21 },
  { label: '出入库类型', width: 7, align: 'center' as const },
  { label: '事由', width: 10 },
  { label: '经办人', width: 6, align: 'center' as const },
  { label: '去向/来源', width: 14 },
  { label: '归还日期', width: 8, align: 'center' as const },
  { label: '备注', width: 7 },
];

/** One row of a register. `title` is the item's 题名 (as the reader may see it) or a box's contents. */
export function registerRow(m: Movement, n: number, title: string): string[] {
  const place =
    m.direction === 'in'
      ? (m.from ?? m.to)
      : m.direction === 'out'
        ? m.to
        : `${m.from ?? ''} → ${m.to ?? ''}`;
  return [
    String(n),
    m.date,
    m.subjectLabel,
    title,
    DIRECTION_LABELS[m.direction],
    m.note ? `${REASON_LABELS[m.reason]}：${m.note}` : REASON_LABELS[m.reason],
    m.actorName,
    place ?? '',
    m.returnedAt ? archiveDay(m.returnedAt) : m.direction === 'out' ? '未归还' : '',
    m.ref ?? '',
  ];
}
