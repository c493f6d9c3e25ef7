import type { BusinessStep } from '../catalogue/catalogue.schemas';
import { maskResidentId, parseResidentId, parseUnifiedCreditCode } from '../identifiers';
import { activeHolds, pageCount, type Item } from '../items/item.model';
import { containsForm, normaliseForMatch } from './form-match';
import type { Finding, ItemCheck, TransferItem } from './transfer.model';

/**
 * The check (验收) of one item of a transfer. The rules, each finding with a stable code:
 *
 * - state: the item is `in_transfer` in this transfer (`item.not_in_transfer`, error).
 * - pages: at least one page (`pages.none`, error); the same 页数 as handed over (`pages.changed`, warning).
 * - required fields: 题名, 责任者, 日期 (`field.missing`, error); 日期 a real 8-digit date
 *   (`field.bad_date`) in the item's 年度 (`field.year_mismatch`), errors.
 * - identifiers: every 公民身份号码 passes GB 11643 (`id.bad_check_digit`, `id.bad_format`,
 *   `id.bad_birth_date`), every 统一社会信用代码 GB 32100 (`unit.bad_credit_code`), errors.
 * - completeness for the business step (对照业务办理情况检查各件是否齐全完整): for each of the kinds
 *   `application` (申报/申请) and `decision` (核定/审批) that the step's catalogue entry lists, at least one
 *   of the step's forms of that kind must appear in the item's text (`form.missing`, error). Alternatives
 *   of one kind (三种关系转移表) satisfy it together. Attachments, notices and reports are not required:
 *   they depend on the case. An item with no text (no OCR yet, or a blank scan) is not failed: it is
 *   `form.unverifiable` (无法核对, warning) and its outcome is `unverifiable`. No business step:
 *   `step.missing` (warning, unverifiable); a step the catalogue does not know: `step.unknown` (error).
 * - holds: an active hold (冻结) is noted (`hold.active`, warning); it does not stop acceptance.
 */
export const REQUIRED_FORM_KINDS = ['application', 'decision'] as const;

export function checkItem(
  item: Item | null,
  handedOver: TransferItem,
  transferId: string,
  steps: ReadonlyMap<string, BusinessStep>,
): ItemCheck {
  const findings: Finding[] = [];
  const error = (code: string, message: string, details?: Record<string, unknown>) =>
    findings.push({ code, severity: 'error', message, ...(details ? { details } : {}) });
  const warning = (code: string, message: string, details?: Record<string, unknown>) =>
    findings.push({ code, severity: 'warning', message, ...(details ? { details } : {}) });

  if (!item) {
    error('item.not_in_transfer', '件不存在。');
    return { itemId: handedOver.itemId, outcome: 'problems', findings };
  }
  if (item.status !== 'in_transfer' || item.transfer?.transferId !== transferId)
    error('item.not_in_transfer', `件的状态为 ${item.status}，不在本次移交中。`, { status: item.status });

  const pages = pageCount(item);
  if (pages === 0) error('pages.none', '件没有页面（页数为 0）。');
  else if (pages !== handedOver.pages)
    warning('pages.changed', `页数与移交时不同（移交时 ${handedOver.pages} 页，现 ${pages} 页）。`, {
      handedOver: handedOver.pages,
      now: pages,
    });

  for (const [field, label] of [
    ['title', '题名'],
    ['responsible', '责任者'],
    ['date', '日期'],
  ] as const) {
    if (!item[field].trim()) error('field.missing', `缺少${label}。`, { field });
  }
  if (item.date.trim()) {
    if (!isEightDigitDate(item.date)) error('field.bad_date', '日期应为 8 位日期（如 20130517）。');
    else if (Number(item.date.slice(0, 4)) !== item.year)
      error('field.year_mismatch', `日期 ${item.date} 不在年度 ${item.year} 内。`, { year: item.year });
  }

  item.persons.forEach((p, i) => {
    if (!p.residentId) return;
    const parsed = parseResidentId(p.residentId);
    if (parsed.ok) return;
    const code =
      parsed.reason === 'checksum'
        ? 'id.bad_check_digit'
        : parsed.reason === 'birth_date'
          ? 'id.bad_birth_date'
          : 'id.bad_format';
    error(code, `第 ${i + 1} 位参保人的公民身份号码无效（${parsed.reason}）。`, {
      person: i + 1,
      residentId: maskResidentId(p.residentId),
    });
  });
  item.units.forEach((u, i) => {
    if (u.creditCode && !parseUnifiedCreditCode(u.creditCode).ok)
      error('unit.bad_credit_code', `第 ${i + 1} 个参保单位的统一社会信用代码无效。`, { unit: i + 1 });
  });

  let unverifiable = false;
  if (!item.businessStep) {
    warning('step.missing', '未著录业务环节，无法核对材料是否齐全。');
    unverifiable = true;
  } else {
    const step = steps.get(item.businessStep);
    if (!step) error('step.unknown', `业务环节 ${item.businessStep} 不在业务环节目录中。`);
    else {
      const required = REQUIRED_FORM_KINDS.map((kind) => ({
        kind,
        titles: step.forms.filter((f) => f.kind === kind).map((f) => f.title),
      })).filter((r) => r.titles.length > 0);
      if (required.length > 0) {
        if (!item.content?.trim()) {
          warning('form.unverifiable', '件没有可识别的文字，无法核对材料是否齐全（无法核对）。', {
            expected: required.flatMap((r) => r.titles),
          });
          unverifiable = true;
        } else {
          const text = normaliseForMatch(`${item.title}\n${item.content}`);
          for (const r of required) {
            if (!r.titles.some((t) => containsForm(text, t)))
              error(
                'form.missing',
                `缺少${r.kind === 'application' ? '申报（申请）' : '核定（审批）'}材料：${r.titles.join('或')}。`,
                {
                  kind: r.kind,
                  expected: r.titles,
                },
              );
          }
        }
      }
    }
  }

  if (activeHolds(item).length > 0) warning('hold.active', '件处于冻结状态。');

  const outcome = findings.some((f) => f.severity === 'error')
    ? 'problems'
    : unverifiable
      ? 'unverifiable'
      : 'ok';
  return { itemId: item.id, outcome, findings };
}

export function isEightDigitDate(d: string): boolean {
  if (!/^\d{8}$/.test(d)) return false;
  const y = Number(d.slice(0, 4));
  const m = Number(d.slice(4, 6));
  const day = Number(d.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, day));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === day;
}

/** Findings on the counts: what the section declared against what the transfer holds and was counted. */
export function checkCounts(
  declared: { items: number; pages: number },
  actual: { items: number; pages: number },
  counted: { items?: number; pages?: number },
): Finding[] {
  const out: Finding[] = [];
  const compare = (what: 'items' | 'pages', label: string, against: number, code: string, source: string) => {
    if (declared[what] !== against)
      out.push({
        code,
        severity: 'error',
        message: `${label}不符：登记表填写 ${declared[what]}，${source} ${against}。`,
        details: { declared: declared[what], [source === '系统中' ? 'actual' : 'counted']: against },
      });
  };
  compare('items', '件数', actual.items, 'count.items_mismatch', '系统中');
  compare('pages', '页数', actual.pages, 'count.pages_mismatch', '系统中');
  if (counted.items !== undefined)
    compare('items', '件数', counted.items, 'count.items_counted_mismatch', '清点');
  if (counted.pages !== undefined)
    compare('pages', '页数', counted.pages, 'count.pages_counted_mismatch', '清点');
  return out;
}
