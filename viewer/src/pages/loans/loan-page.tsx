import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { DecisionForm } from './decision-form';
import { DeskActions } from './desk-actions';
import { dateTime } from './format';
import { LoansNav } from './loans-nav';
import { messages } from './messages';
import { PageViewer } from './page-viewer';
import { StatusTag } from './status-tag';
import { formatRanges, type LoanView } from './types';
import { ItemCode } from './item-code';

/** One 借阅单: who, what, why; the approval route; the grant or the loan; the watermarked viewer; the desk. */
export function LoanPage({ id }: { id: string }) {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(() => api<LoanView>(`/api/loans/${id}`), [id]);
  const [updated, setUpdated] = useState<LoanView | null>(null);
  if (loading && !updated) return <Loading />;
  if (error && !updated)
    return (
      <section className="loans">
        <LoansNav />
        <ErrorBanner error={error} onRetry={reload} />
      </section>
    );
  const loan = updated ?? data!;
  return (
    <section className="loans" aria-labelledby="loan-title">
      <LoansNav />
      <LoanDetail loan={loan} onChange={setUpdated} />
      <p>
        <Link to="/loans">{t('backToList')}</Link>
      </p>
    </section>
  );
}

function LoanDetail({ loan, onChange }: { loan: LoanView; onChange: (l: LoanView) => void }) {
  const t = useText(messages);
  const { me, can } = useSession();
  const isBorrower = !!me && loan.borrowerAccountId === me.accountId;
  const desk = can('loan.desk');
  const electronic = loan.kind !== 'loan';
  const b = loan.borrower;
  const [cancelError, setCancelError] = useState<unknown>(null);
  const cancel = async () => {
    setCancelError(null);
    try {
      onChange(await api<LoanView>(`/api/loans/${loan.id}/cancel`, { method: 'POST' }));
    } catch (e) {
      setCancelError(e);
    }
  };
  const mayCancel =
    (loan.status === 'pending' || (loan.status === 'approved' && loan.grantStatus !== 'expired')) &&
    (isBorrower || loan.createdById === me?.accountId || desk);

  return (
    <>
      <div className="page-head">
        <h1 id="loan-title">
          {t('requestNo')} {loan.number}
        </h1>
        <span className="tag">{loan.kindLabel}</span>
        <StatusTag loan={loan} />
        {loan.flags.includes('page_mismatch') && <span className="tag bad">{t('flag_page_mismatch')}</span>}
        {loan.flags.includes('checkout_count_differs') && (
          <span className="tag bad">{t('flag_checkout_count_differs')}</span>
        )}
      </div>

      <div className="loan-layout">
        <dl className="facts">
          <dt>{t('borrower')}</dt>
          <dd>
            {b.name}（{loan.borrowerTypeLabel}
            {b.section ? ` · ${b.section}` : ''}
            {b.organisation && b.organisation !== b.section ? ` · ${b.organisation}` : ''}）
          </dd>
          {b.idType && (
            <>
              <dt>{t('idDocument')}</dt>
              <dd>
                {b.idType} {b.idNumber}
              </dd>
            </>
          )}
          <dt>{t('purpose')}</dt>
          <dd>
            {loan.purpose.category}：{loan.purpose.text}
          </dd>
          <dt>{t('requestedAt')}</dt>
          <dd>
            {dateTime(loan.createdAt)}
            {loan.createdBy !== b.username ? ` · ${t('registeredBy').replace('{who}', loan.createdBy)}` : ''}
          </dd>
          <dt>{t('periodAsked')}</dt>
          <dd>{loan.inRoom ? t('inRoom') : t('daysN').replace('{n}', String(loan.days))}</dd>
          {electronic && (
            <>
              <dt>{t('grantPeriod')}</dt>
              <dd>
                {loan.grant
                  ? `${dateTime(loan.grant.from)} — ${dateTime(loan.grant.until)}`
                  : t('notYetGranted')}{' '}
                <GrantTag loan={loan} />
              </dd>
            </>
          )}
          {loan.kind === 'loan' && loan.checkedOutAt && (
            <>
              <dt>{t('checkedOutAt')}</dt>
              <dd>{dateTime(loan.checkedOutAt)}</dd>
              <dt>{t('dueBack')}</dt>
              <dd>
                {dateTime(loan.due)}
                {loan.daysOverdue > 0 && (
                  <>
                    {' '}
                    <span className="tag bad">
                      {t('overdueDays').replace('{n}', String(loan.daysOverdue))}
                    </span>
                  </>
                )}
              </dd>
            </>
          )}
          {loan.renewals.length > 0 && (
            <>
              <dt>{t('renewals')}</dt>
              <dd>
                {loan.renewals.map((r) => (
                  <div key={r.at}>
                    {dateTime(r.at)} {r.by}：{dateTime(r.from)} → {dateTime(r.to)}
                  </div>
                ))}
              </dd>
            </>
          )}
          {loan.reminders.length > 0 && (
            <>
              <dt>{t('reminders')}</dt>
              <dd>
                {loan.reminders.map((r) => (
                  <div key={r.day}>
                    {r.day}：{t('overdueDays').replace('{n}', String(r.daysOverdue))}
                  </div>
                ))}
              </dd>
            </>
          )}
          {loan.returnedAt && (
            <>
              <dt>{t('returnedAt')}</dt>
              <dd>{dateTime(loan.returnedAt)}</dd>
            </>
          )}
          {loan.effect && (
            <>
              <dt>{t('useEffect')}</dt>
              <dd>
                {loan.effect.category}
                {loan.effect.note ? `：${loan.effect.note}` : ''}
                {loan.effect.typical && (
                  <div>
                    {t('typicalCase')}：{loan.effect.typical.title}
                  </div>
                )}
              </dd>
              <dt>{t('closedAt')}</dt>
              <dd>
                {dateTime(loan.closedAt)} {loan.closedBy}
              </dd>
            </>
          )}
        </dl>

        <section className="route" aria-labelledby="route-title">
          <h2 id="route-title">{t('route')}</h2>
          {loan.steps.length === 0 ? (
            <p className="muted">{t('noSteps')}</p>
          ) : (
            <ol className="steps">
              {loan.steps.map((s, k) => (
                <li key={k} className={k === loan.currentStep ? 'current' : (s.decision ?? 'waiting')}>
                  <div>
                    <strong>
                      {t(`approver_${s.approver}`)}
                      {s.section ? `（${s.section}）` : ''}
                    </strong>{' '}
                    <span
                      className={
                        s.decision === 'approved'
                          ? 'tag ok'
                          : s.decision === 'refused'
                            ? 'tag bad'
                            : 'tag warn'
                      }
                    >
                      {s.decision === 'approved'
                        ? t('stepApproved')
                        : s.decision === 'refused'
                          ? t('stepRefused')
                          : k === loan.currentStep
                            ? t('stepWaiting')
                            : t('stepLater')}
                    </span>
                  </div>
                  <div className="muted small">{s.reason}</div>
                  {s.decision && (
                    <div className="small">
                      {s.by} · {dateTime(s.at)}
                      {s.comment ? `：${s.comment}` : ''}
                    </div>
                  )}
                </li>
              ))}
            </ol>
          )}
          {loan.canDecide && <DecisionForm loan={loan} onDecided={onChange} />}
        </section>
      </div>

      <h2>{t('items')}</h2>
      <div className="table-wrap">
        <table className="grid">
          <thead>
            <tr>
              <th scope="col">{t('archivalCode')}</th>
              <th scope="col">{t('title')}</th>
              <th scope="col">{t('catalogPages')}</th>
              {electronic && <th scope="col">{t('pagesAsked')}</th>}
              {loan.kind === 'loan' && <th scope="col">{t('checkoutCount')}</th>}
              {loan.kind === 'loan' && <th scope="col">{t('returnCount')}</th>}
            </tr>
          </thead>
          <tbody>
            {loan.items.map((i) => (
              <tr key={i.itemId}>
                <td className="nowrap">
                  <ItemCode id={i.itemId} code={i.archivalCode} />
                </td>
                <td>{i.title}</td>
                <td>{i.pageCount}</td>
                {electronic && <td>{formatRanges(i.pages, t('allPages'))}</td>}
                {loan.kind === 'loan' && (
                  <td>
                    {i.checkout ? (
                      <>
                        {i.checkout.pages} · {dateTime(i.checkout.at)}
                        {i.checkout.countDiffers && (
                          <span className="tag bad">{t('flag_checkout_count_differs')}</span>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
                {loan.kind === 'loan' && (
                  <td>
                    {i.return ? (
                      <>
                        {i.return.pages} · {dateTime(i.return.at)}
                        {i.return.mismatch && <span className="tag bad">{t('flag_page_mismatch')}</span>}
                        {i.return.note && <div className="muted small">{i.return.note}</div>}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      {electronic && (isBorrower || desk) && (loan.status === 'approved' || loan.status === 'closed') && (
        <section aria-labelledby="viewer-title" className="reading">
          <div className="page-head">
            <h2 id="viewer-title">{t('viewerTitle')}</h2>
            {loan.kind === 'copy' && loan.status === 'approved' && loan.grantStatus === 'active' && (
              <a className="button-link" href={`/api/loans/${loan.id}/copy`}>
                {t('downloadCopy')}
              </a>
            )}
          </div>
          {loan.status === 'closed' ? (
            <p className="empty">{t('closedNoPages')}</p>
          ) : (
            <PageViewer key={loan.id} loan={loan} />
          )}
        </section>
      )}

      {desk && <DeskActions loan={loan} onChange={onChange} />}

      {mayCancel && (
        <p className="cancel">
          <button type="button" className="secondary" onClick={() => void cancel()}>
            {t('cancelRequest')}
          </button>
        </p>
      )}
      {cancelError ? <ErrorBanner error={cancelError} /> : null}
    </>
  );
}

function GrantTag({ loan }: { loan: LoanView }) {
  const t = useText(messages);
  if (loan.grantStatus === 'active') return <span className="tag ok">{t('grant_active')}</span>;
  if (loan.grantStatus === 'expired') return <span className="tag bad">{t('grant_expired')}</span>;
  if (loan.grantStatus === 'closed') return <span className="tag">{t('grant_closed')}</span>;
  return null;
}
