import { api, query as qs } from '../../api/client';
import { Empty, ErrorBanner, Loading } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link, useRoute } from '../../router';
import { useSession } from '../../session';
import { DecisionForm } from './decision-form';
import { dateTime, day } from './format';
import { LoansNav, defaultView } from './loans-nav';
import { messages } from './messages';
import { usePaged } from '../../components/paged';
import { StatusTag } from './status-tag';
import { LOAN_STATUSES, formatRanges, type LoanList, type LoanView } from './types';

type View = 'mine' | 'to_approve' | 'all';

/** 借阅利用: my requests, those waiting for my approval, or all of them (the desk). */
export function LoansListPage() {
  const t = useText(messages);
  const { can } = useSession();
  const { query, navigate } = useRoute();
  const raw = query.get('view');
  const view: View = raw === 'mine' || raw === 'to_approve' || raw === 'all' ? raw : defaultView(can);
  const status = query.get('status') ?? '';
  const list = usePaged<LoanView>(
    async (cursor) => {
      const r = await api<LoanList>(
        `/api/loans${qs({ view, status: view === 'to_approve' ? '' : status, cursor, limit: 50 })}`,
      );
      return { rows: r.loans, next: r.nextCursor };
    },
    [view, status],
  );

  const title = view === 'mine' ? t('viewMine') : view === 'to_approve' ? t('viewToApprove') : t('viewAll');
  const setStatus = (s: string) => navigate(`/loans${qs({ view, status: s })}`, { replace: true });

  return (
    <section aria-labelledby="loans-title" className="loans">
      <LoansNav />
      <h1 id="loans-title">{title}</h1>
      {view !== 'to_approve' && (
        <div className="toolbar">
          <label>
            {t('status')}
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">{t('allStatuses')}</option>
              {LOAN_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`status_${s}`)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {list.error ? <ErrorBanner error={list.error} onRetry={list.reload} /> : null}
      {list.rows.length === 0 && list.loading ? <Loading /> : null}
      {list.rows.length === 0 && !list.loading && !list.error ? (
        <Empty>
          {view === 'mine' ? (
            <>
              {t('emptyMine')} <Link to="/loans/new">{t('newRequest')}</Link>
            </>
          ) : view === 'to_approve' ? (
            t('emptyToApprove')
          ) : (
            t('emptyAll')
          )}
        </Empty>
      ) : null}
      {list.rows.length > 0 &&
        (view === 'to_approve' ? (
          <ul className="loan-cards">
            {list.rows.map((l) => (
              <ApprovalCard
                key={l.id}
                loan={l}
                onDecided={(next) =>
                  list.setRows((rows) =>
                    next.canDecide
                      ? rows.map((r) => (r.id === next.id ? next : r))
                      : rows.filter((r) => r.id !== next.id),
                  )
                }
              />
            ))}
          </ul>
        ) : (
          <div className="table-wrap">
            <table className="grid">
              <thead>
                <tr>
                  <th scope="col">{t('number')}</th>
                  <th scope="col">{t('kind')}</th>
                  {view === 'all' && <th scope="col">{t('borrower')}</th>}
                  <th scope="col">{t('items')}</th>
                  <th scope="col">{t('purpose')}</th>
                  <th scope="col">{t('status')}</th>
                  <th scope="col">{t('requestedAt')}</th>
                  <th scope="col">{t('period')}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((l) => (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/loans/${l.id}`}>{l.number}</Link>
                    </td>
                    <td>{l.kindLabel}</td>
                    {view === 'all' && (
                      <td>
                        {l.borrower.name}
                        <div className="muted">
                          {l.borrower.organisation ?? l.borrower.section ?? l.borrowerTypeLabel}
                        </div>
                      </td>
                    )}
                    <td>
                      <ItemsSummary loan={l} />
                    </td>
                    <td>
                      {l.purpose.category}
                      <div className="muted clamp">{l.purpose.text}</div>
                    </td>
                    <td>
                      <StatusTag loan={l} />
                    </td>
                    <td className="nowrap">{dateTime(l.createdAt)}</td>
                    <td className="nowrap">
                      <PeriodCell loan={l} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      {list.next && (
        <p>
          <button type="button" className="secondary" onClick={() => list.more()} disabled={list.loading}>
            {list.loading ? t('loadingMore') : t('loadMore')}
          </button>
        </p>
      )}
    </section>
  );
}

function ItemsSummary({ loan }: { loan: LoanView }) {
  const t = useText(messages);
  const first = loan.items[0];
  if (!first) return null;
  return (
    <>
      <span className="code">{first.archivalCode ?? first.itemId}</span>
      {loan.items.length > 1 && (
        <span className="muted"> {t('andMore').replace('{n}', String(loan.items.length - 1))}</span>
      )}
      <div className="muted clamp">{first.title}</div>
    </>
  );
}

function PeriodCell({ loan }: { loan: LoanView }) {
  const t = useText(messages);
  if (loan.status === 'checked_out' && loan.due)
    return (
      <>
        {t('dueOn')} {day(loan.due)}
        {loan.daysOverdue > 0 && (
          <div>
            <span className="tag bad">{t('overdueDays').replace('{n}', String(loan.daysOverdue))}</span>
          </div>
        )}
      </>
    );
  if (loan.grant)
    return (
      <>
        {t('until')} {dateTime(loan.grant.until)}
      </>
    );
  return <>{loan.inRoom ? t('inRoom') : t('daysN').replace('{n}', String(loan.days))}</>;
}

/** A request waiting for my decision: what is asked, by whom, why, and the decision form. */
function ApprovalCard({ loan, onDecided }: { loan: LoanView; onDecided: (l: LoanView) => void }) {
  const t = useText(messages);
  const step = loan.currentStep !== null ? loan.steps[loan.currentStep] : null;
  return (
    <li className="loan-card">
      <div className="card-head">
        <h2>
          <Link to={`/loans/${loan.id}`}>{loan.number}</Link> · {loan.kindLabel}
        </h2>
        <StatusTag loan={loan} />
      </div>
      <dl className="facts">
        <dt>{t('borrower')}</dt>
        <dd>
          {loan.borrower.name}（{loan.borrowerTypeLabel}
          {loan.borrower.section ? ` · ${loan.borrower.section}` : ''}
          {loan.borrower.organisation && loan.borrower.organisation !== loan.borrower.section
            ? ` · ${loan.borrower.organisation}`
            : ''}
          ）
        </dd>
        <dt>{t('purpose')}</dt>
        <dd>
          {loan.purpose.category}：{loan.purpose.text}
        </dd>
        <dt>{t('period')}</dt>
        <dd>{loan.inRoom ? t('inRoom') : t('daysN').replace('{n}', String(loan.days))}</dd>
        {step && (
          <>
            <dt>{t('thisStep')}</dt>
            <dd>
              {t(`approver_${step.approver}`)}
              {step.section ? `（${step.section}）` : ''} · {step.reason}
            </dd>
          </>
        )}
      </dl>
      <table className="grid compact">
        <thead>
          <tr>
            <th scope="col">{t('archivalCode')}</th>
            <th scope="col">{t('title')}</th>
            <th scope="col">{t('pagesAsked')}</th>
          </tr>
        </thead>
        <tbody>
          {loan.items.map((i) => (
            <tr key={i.itemId}>
              <td className="code">{i.archivalCode ?? '—'}</td>
              <td>{i.title}</td>
              <td>
                {loan.kind === 'loan'
                  ? t('wholeItem').replace('{n}', String(i.pageCount))
                  : `${formatRanges(i.pages, t('allPages'))} / ${i.pageCount}`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {loan.canDecide && <DecisionForm loan={loan} onDecided={onDecided} />}
    </li>
  );
}
