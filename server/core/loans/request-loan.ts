import type { Actor } from '../access/actor';
import { can } from '../access/actor';
import { maskText } from '../access/masking.policy';
import type { Account } from '../accounts/account.model';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { isResidentId } from '../identifiers';
import { personalDataOf } from '../items/item-view';
import { activeHolds, pageCount, type Item } from '../items/item.model';
import type { ItemId } from '../shared/ids';
import { newId } from '../shared/ids';
import { conflict, invalid, notFound } from '../shared/errors';
import { refuseAudited } from './loan-auth';
import { loanRecords } from './loan-records';
import { approvalRoute, borrowerType } from './loan-policy';
import { currentLoanPolicy } from './loan-policy-store';
import {
  loanNumber,
  normalizePageRanges,
  stepKey,
  type Borrower,
  type Loan,
  type LoanItem,
} from './loan.model';
import type { LoanRequestInput } from './loan.schemas';
import { viewLoan, type LoanView } from './loan-view';
import { archiveDay } from '../shared/calendar';

/** An account is an outside borrower when it is only a borrower: no section, no staff role. */
function isExternalAccount(account: Pick<Account, 'roles' | 'section'>): boolean {
  return account.section === null && account.roles.every((r) => r === 'borrower');
}

/**
 * Files a request (借阅单): who borrows, why, which items and pages, which kind, for how long. The borrower is
 * the actor, or someone the desk registers (an account, or an outside person with 证件类型 and 证件号码);
 * the approval route follows from the borrower, the items and the policy in force.
 */
export async function requestLoan(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  input: LoanRequestInput,
): Promise<LoanView> {
  await authorizeAudited(deps, actor, ctx, 'loan.request', 'loan.request', null);
  const onBehalf =
    input.borrower !== undefined &&
    !('username' in input.borrower && input.borrower.username === actor.username);
  if (onBehalf && !can(actor, 'loan.desk'))
    await refuseAudited(
      deps,
      actor,
      ctx,
      'loan.request',
      null,
      'loan.desk_only',
      'Only the archive desk registers a request on behalf of someone else.',
    );
  const { version, policy } = await currentLoanPolicy(deps);
  const items = await requestedItems(deps, input);
  const who = await resolveBorrower(deps, actor, input.borrower);
  const type = borrowerType({ section: who.section, external: who.external }, items);
  const steps = approvalRoute(
    policy,
    input.kind,
    { type, section: who.section, headsSection: who.headsSection },
    items.map((i) => ({ section: i.section, classCode: i.classCode, held: activeHolds(i).length > 0 })),
  );
  const max = policy.maxDays[input.kind];
  if (input.days > max)
    throw invalid('loan.period_too_long', `At most ${max} days for this kind of request.`, { max });
  const inRoom = input.kind === 'loan' && type === 'external' && policy.externalInRoomOnly;

  const now = deps.clock.now();
  const at = now.toISOString();
  const year = Number(archiveDay(now).slice(0, 4));
  const number = loanNumber(year, await deps.records.next(`loan:${year}`));
  const borrower: Borrower = { ...who.borrower, type };
  const loan: Loan = {
    id: newId('loan', now),
    revision: 1,
    number,
    kind: input.kind,
    status: 'pending',
    borrower,
    borrowerAccountId: borrower.accountId,
    purpose: input.purpose,
    items: items.map((item, i) => loanItem(item, input.items[i]!.pages, input.kind)),
    days: inRoom ? 0 : input.days,
    inRoom,
    steps,
    pendingWith: steps[0] ? stepKey(steps[0]) : null,
    policyVersion: version,
    grant: null,
    due: null,
    renewals: [],
    reminders: [],
    flags: [],
    effect: null,
    handledBy: can(actor, 'loan.desk') ? actor.username : null,
    createdAt: at,
    createdBy: actor.username,
    createdById: actor.accountId,
    updatedAt: at,
    approvedAt: null,
    checkedOutAt: null,
    returnedAt: null,
    closedAt: null,
    closedBy: null,
    cancelledAt: null,
  };
  await loanRecords(deps).insert(loan);
  await recordAudit(deps, actor, ctx, 'loan.request', loan.id, {
    number,
    kind: loan.kind,
    borrowerType: type,
    onBehalf,
    itemIds: loan.items.map((i) => i.itemId),
    route: steps.map(stepKey),
    policyVersion: version,
  });
  return viewLoan(loan, actor, now);
}

/** The items asked for: each exists, is in the archive (已归档), is asked for once, and has pages to view. */
async function requestedItems(deps: CoreDeps, input: LoanRequestInput): Promise<Item[]> {
  const seen = new Set<string>();
  const out: Item[] = [];
  for (const { itemId, pages } of input.items) {
    if (seen.has(itemId)) throw invalid('loan.duplicate_item', `Item ${itemId} is asked for twice.`);
    seen.add(itemId);
    const item = await deps.items.get(itemId as ItemId);
    if (!item) throw notFound('loan.item_not_found', `No item ${itemId}.`);
    if (item.status !== 'archived')
      throw conflict('loan.item_not_available', `Item ${itemId} is not in the archive (${item.status}).`, {
        itemId,
        status: item.status,
      });
    if (input.kind === 'loan' && pages)
      throw invalid('loan.pages_for_physical', 'A physical loan lends whole items: leave out the pages.');
    if (input.kind !== 'loan' && pageCount(item) === 0)
      throw invalid('loan.no_pages', `Item ${itemId} has no scanned pages to consult or copy.`, { itemId });
    out.push(item);
  }
  return out;
}

function loanItem(
  item: Item,
  pages: LoanRequestInput['items'][number]['pages'],
  kind: Loan['kind'],
): LoanItem {
  const { names, ids } = personalDataOf(item);
  return {
    itemId: item.id,
    archivalCode: item.archivalCode,
    title: item.title,
    maskedTitle: maskText(item.title, names, ids),
    section: item.section,
    classCode: item.classCode,
    year: item.year,
    pageCount: pageCount(item),
    pages: kind === 'loan' ? null : normalizePageRanges(pages, pageCount(item)),
    checkout: null,
    return: null,
  };
}

interface ResolvedBorrower {
  borrower: Omit<Borrower, 'type'>;
  section: string | null;
  external: boolean;
  headsSection: boolean;
}

/** The borrower: the actor, an account by username, or an outside person registered at the desk. */
async function resolveBorrower(
  deps: CoreDeps,
  actor: Actor,
  input: LoanRequestInput['borrower'],
): Promise<ResolvedBorrower> {
  if (input && 'name' in input) {
    checkIdNumber(input.idType, input.idNumber);
    return {
      borrower: {
        accountId: null,
        username: null,
        name: input.name,
        section: null,
        organisation: input.organisation || null,
        idType: input.idType,
        idNumber: normaliseId(input.idType, input.idNumber),
      },
      section: null,
      external: true,
      headsSection: false,
    };
  }
  const username = input?.username ?? actor.username;
  const account = await deps.accounts.getByUsername(username);
  if (!account || account.disabled)
    throw invalid('loan.borrower_unknown', `No active account ${username}.`, { username });
  const external = isExternalAccount(account);
  const idType = input?.idType ?? null;
  const idNumber = input?.idNumber ?? null;
  if (external && (!idType || !idNumber))
    throw invalid(
      'loan.identity_required',
      'An outside borrower states the 证件类型 and 证件号码 of a valid ID (「必须提供有效证件」).',
    );
  if (idType && idNumber) checkIdNumber(idType, idNumber);
  return {
    borrower: {
      accountId: account.id,
      username: account.username,
      name: account.displayName,
      section: account.section,
      organisation: input?.organisation || account.section,
      idType,
      idNumber: idType && idNumber ? normaliseId(idType, idNumber) : null,
    },
    section: account.section,
    external,
    headsSection: account.roles.includes('section_head') && account.section !== null,
  };
}

function checkIdNumber(idType: string, idNumber: string): void {
  if (idType === '居民身份证' && !isResidentId(idNumber.toUpperCase()))
    throw invalid('loan.bad_id_number', 'The 公民身份号码 is not valid (length, date or check digit).');
}

function normaliseId(idType: string, idNumber: string): string {
  return idType === '居民身份证' ? idNumber.toUpperCase() : idNumber;
}
