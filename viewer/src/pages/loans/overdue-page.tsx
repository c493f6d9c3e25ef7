import { api } from '../../api/client';
import { Empty, ErrorBanner, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { dateTime, day } from './format';
import { LoansNav } from './loans-nav';
import { messages } from './messages';
import type { LoanView } from './types';

/** 催还: physical loans past their due date, most overdue first, with the reminders sent (the desk). */
export function OverduePage() {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () => api<{ loans: LoanView[] }>('/api/loans/overdue'),
    [],
  );
  return (
    <section className="loans" aria-labelledby="overdue-title">
      <LoansNav />
      <h1 id="overdue-title">{t('overdue')}</h1>
      <p className="muted">{t('overdueHint')}</p>
      {loading ? (
        <Loading />
      ) : error ? (
        <ErrorBanner error={error} onRetry={reload} />
      ) : data!.loans.length === 0 ? (
        <Empty>{t('emptyOverdue')}</Empty>
      ) : (
        <div className="table-wrap">
          <table className="grid">
            <thead>
              <tr>
                <th scope="col">{t('number')}</th>
                <th scope="col">{t('borrower')}</th>
                <th scope="col">{t('items')}</th>
                <th scope="col">{t('checkedOutAt')}</th>
                <th scope="col">{t('dueBack')}</th>
                <th scope="col">{t('daysLate')}</th>
                <th scope="col">{t('reminders')}</th>
              </tr>
            </thead>
            <tbody>
              {data!.loans.map((l) => {
                const last = l.reminders[l.reminders.length - 1];
                return (
                  <tr key={l.id}>
                    <td>
                      <Link to={`/loans/${l.id}`}>{l.number}</Link>
                    </td>
                    <td>
                      {l.borrower.name}
                      <div className="muted">
                        {l.borrower.organisation ?? l.borrower.section ?? l.borrowerTypeLabel}
                      </div>
                    </td>
                    <td>
                      {l.items.map((i) => (
                        <div key={i.itemId} className="code">
                          {i.archivalCode ?? i.itemId}
                        </div>
                      ))}
                    </td>
                    <td className="nowrap">{dateTime(l.checkedOutAt)}</td>
                    <td className="nowrap">{dateTime(l.due)}</td>
                    <td>
                      <span className="tag bad">
                        {t('overdueDays').replace('{n}', String(l.daysOverdue))}
                      </span>
                    </td>
                    <td>
                      {last
                        ? t('remindedTimes')
                            .replace('{n}', String(l.reminders.length))
                            .replace('{day}', last.day)
                        : t('notRemindedYet')}
                      {l.due && (
                        <div className="muted small">{t('dueSince').replace('{day}', day(l.due))}</div>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
