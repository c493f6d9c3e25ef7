import { useId, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { Empty, Loading, useLoad } from '../../components/status';
import { useText } from '../../i18n/i18n';
import { Link } from '../../router';
import { useSession } from '../../session';
import { AdminLayout, useLabel } from './admin-layout';
import { ApiProblem } from './api-problem';
import { AXIS_LABELS, fill, messages, PERIOD_LABELS } from './messages';
import type { BusinessStepsBody, FondsBody, RetentionTableBody, SchemeBody, Versioned } from './types';
import { VersionedDocument } from './versioned';

/** The archivist (fonds.manage) creates a fonds; it gets the default classification scheme. */
function CreateFondsForm({ onCreated }: { onCreated: (code: string) => void }) {
  const t = useText(messages);
  const id = useId();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [agency, setAgency] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('/api/fonds', {
        body: { code: code.trim(), name: name.trim(), ...(agency.trim() ? { agency: agency.trim() } : {}) },
      });
      onCreated(code.trim());
      setCode('');
      setName('');
      setAgency('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('createFonds')}</h2>
      <div className="toolbar">
        <label>
          {t('fondsCode')}
          <input required size={8} maxLength={12} value={code} onChange={(e) => setCode(e.target.value)} />
        </label>
        <label className="grow">
          {t('fondsName')}
          <input required value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="grow">
          {t('agency')}
          <input value={agency} onChange={(e) => setAgency(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? t('creating') : t('create')}
        </button>
      </div>
      {error ? <ApiProblem error={error} /> : null}
    </form>
  );
}

const day = (iso: string) => iso.slice(0, 10);

/** 全宗: the list, and a new one (fonds.manage). */
export function FondsPage() {
  const t = useText(messages);
  const { can } = useSession();
  const { data, error, loading, reload } = useLoad(() => api<Versioned<FondsBody>[]>('/api/fonds'), []);
  const [created, setCreated] = useState<string | null>(null);
  return (
    <AdminLayout title="fonds" intro="fondsIntro">
      {can('fonds.manage') && (
        <CreateFondsForm
          onCreated={(c) => {
            setCreated(c);
            reload();
          }}
        />
      )}
      {created && (
        <p className="notice ok" role="status">
          {fill(t('fondsCreated'), { c: created })}
        </p>
      )}
      {loading && !data && <Loading />}
      {error ? <ApiProblem error={error} onRetry={reload} /> : null}
      {data &&
        (data.length === 0 ? (
          <Empty>{t('noFonds')}</Empty>
        ) : (
          <table className="grid">
            <caption className="visually-hidden">{t('fonds')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fondsCode')}</th>
                <th scope="col">{t('fondsName')}</th>
                <th scope="col">{t('agency')}</th>
                <th scope="col" className="num">
                  {t('version')}
                </th>
                <th scope="col">{t('createdAt')}</th>
                <th scope="col">{t('schemes')}</th>
              </tr>
            </thead>
            <tbody>
              {data.map((f) => (
                <tr key={f.scope}>
                  <th scope="row">{f.scope}</th>
                  <td>{f.body.name}</td>
                  <td>{f.body.agency ?? ''}</td>
                  <td className="num">{f.version}</td>
                  <td>{day(f.createdAt)}</td>
                  <td>
                    <Link to={`/admin/fonds/${encodeURIComponent(f.scope)}`}>
                      {t('schemes')}（{f.scope}）
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </AdminLayout>
  );
}

function SchemeView({ scheme }: { scheme: SchemeBody }) {
  const t = useText(messages);
  const label = useLabel();
  const axes = (a: string[]) => a.map((x) => label(AXIS_LABELS, x)).join(' — ');
  const { from, to } = scheme.years;
  return (
    <dl className="facts">
      <div>
        <dt>{t('schemeName')}</dt>
        <dd>{scheme.name}</dd>
      </div>
      <div>
        <dt>{t('classification')}</dt>
        <dd>{axes(scheme.classification)}</dd>
      </div>
      <div>
        <dt>{t('arrangement')}</dt>
        <dd>{axes(scheme.arrangement)}</dd>
      </div>
      <div>
        <dt>{t('template')}</dt>
        <dd>
          <code>{scheme.archivalCodeTemplate}</code>
        </dd>
      </div>
      <div>
        <dt>{t('years')}</dt>
        <dd>{from === undefined && to === undefined ? t('anyYear') : `${from ?? '…'}–${to ?? '…'}`}</dd>
      </div>
    </dl>
  );
}

/** A fonds' classification schemes, each with its versions (GET /api/fonds/{code}/schemes). */
export function FondsSchemesPage({ code }: { code: string }) {
  const t = useText(messages);
  const { data, error, loading, reload } = useLoad(
    () => api<Versioned<SchemeBody>[]>(`/api/fonds/${encodeURIComponent(code)}/schemes`),
    [code],
  );
  return (
    <AdminLayout title="fonds">
      <p>
        <Link to="/admin/fonds">← {t('fonds')}</Link>
      </p>
      <h2>
        {t('schemes')} · {t('fondsCode')} {code}
      </h2>
      {loading && !data && <Loading />}
      {error ? <ApiProblem error={error} onRetry={reload} /> : null}
      {data && data.length === 0 && <Empty>{t('noSchemes')}</Empty>}
      {data?.map((s) => {
        const schemeId = s.scope.slice(code.length + 1);
        const base = `/api/fonds/${encodeURIComponent(code)}/schemes/${encodeURIComponent(schemeId)}`;
        return (
          <section key={s.scope} className="panel" aria-label={`${t('schemeId')} ${schemeId}`}>
            <h3>
              {t('schemeId')}：<code>{schemeId}</code>
            </h3>
            <VersionedDocument<SchemeBody>
              path={base}
              historyPath={`${base}/history`}
              withNote={false}
              save={(scheme, expectedVersion) =>
                api<Versioned<SchemeBody>>(base, { method: 'PUT', body: { expectedVersion, scheme } })
              }
            >
              {(d) => <SchemeView scheme={d.body} />}
            </VersionedDocument>
          </section>
        );
      })}
    </AdminLayout>
  );
}

function RetentionTableView({ table }: { table: RetentionTableBody }) {
  const t = useText(messages);
  const label = useLabel();
  const [cls, setCls] = useState('');
  const rows = cls ? table.rows.filter((r) => r.classCode === cls) : table.rows;
  const className = new Map(table.classes.map((c) => [c.code, c.name]));
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('source')}</dt>
          <dd>{table.source}</dd>
        </div>
        {table.effectiveFrom && (
          <div>
            <dt>{t('effectiveFrom')}</dt>
            <dd>{table.effectiveFrom}</dd>
          </div>
        )}
      </dl>
      <table className="grid compact classes">
        <caption>{t('classes')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('classCode')}</th>
            <th scope="col">{t('className')}</th>
            <th scope="col">{t('verified')}</th>
            <th scope="col">{t('note')}</th>
          </tr>
        </thead>
        <tbody>
          {table.classes.map((c) => (
            <tr key={c.code}>
              <th scope="row">{c.code}</th>
              <td>{c.name}</td>
              <td>
                {c.verified ? (
                  <span className="tag ok">{t('verified')}</span>
                ) : (
                  <span className="tag warn">{t('unverified')}</span>
                )}
              </td>
              <td className="small">{c.note ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="toolbar">
        <label>
          {t('classes')}
          <select value={cls} onChange={(e) => setCls(e.target.value)}>
            <option value="">{t('allClasses')}</option>
            {table.classes.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} {c.name}
              </option>
            ))}
          </select>
        </label>
        <span className="hint">{fill(t('shown'), { n: rows.length, m: table.rows.length })}</span>
      </div>
      <table className="grid compact rows">
        <caption>{t('rows')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('rowId')}</th>
            <th scope="col">{t('classes')}</th>
            <th scope="col">{t('item')}</th>
            <th scope="col">{t('rowName')}</th>
            <th scope="col">{t('period')}</th>
            <th scope="col">{t('source')}</th>
            <th scope="col">{t('verified')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="nowrap">
                {r.id}
              </th>
              <td className="nowrap" title={className.get(r.classCode)}>
                {r.classCode}
              </td>
              <td>{r.item}</td>
              <td>
                {r.name}
                {r.note && <span className="small muted block">{r.note}</span>}
              </td>
              <td className="nowrap">{label(PERIOD_LABELS, r.period)}</td>
              <td className="small">{r.source}</td>
              <td>
                {r.verified ? (
                  <span className="tag ok">{t('verified')}</span>
                ) : (
                  <span className="tag warn">{t('unverified')}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const editCatalogue =
  <T,>(path: string) =>
  (body: T, expectedVersion: number, note: string) =>
    api<Versioned<T>>(path, { method: 'PUT', body: { expectedVersion, note, body } });

/** 保管期限表: the current version, its history, and edits as new versions (catalogue.edit). */
export function RetentionTablePage() {
  return (
    <AdminLayout title="retentionTable" intro="retentionIntro">
      <VersionedDocument<RetentionTableBody>
        path="/api/catalogue/retention-table"
        historyPath="/api/catalogue/retention-table/history"
        withNote
        save={editCatalogue<RetentionTableBody>('/api/catalogue/retention-table')}
      >
        {(d) => <RetentionTableView table={d.body} />}
      </VersionedDocument>
    </AdminLayout>
  );
}

function BusinessStepsView({ catalogue }: { catalogue: BusinessStepsBody }) {
  const t = useText(messages);
  const [filter, setFilter] = useState('');
  const f = filter.trim();
  const steps = f
    ? catalogue.steps.filter(
        (s) =>
          s.code.includes(f.toUpperCase()) || s.name.includes(f) || s.forms.some((x) => x.title.includes(f)),
      )
    : catalogue.steps;
  const linkName = new Map(catalogue.links.map((l) => [l.code, l.name]));
  const typeName = new Map(catalogue.insuranceTypes.map((l) => [l.code, l.name]));
  return (
    <>
      <dl className="facts">
        <div>
          <dt>{t('source')}</dt>
          <dd>{catalogue.source}</dd>
        </div>
        <div>
          <dt>{t('insuranceTypes')}</dt>
          <dd>{catalogue.insuranceTypes.map((x) => `${x.code} ${x.name}`).join('、')}</dd>
        </div>
        <div>
          <dt>{t('links')}</dt>
          <dd>{catalogue.links.map((x) => `${x.code} ${x.name}`).join('、')}</dd>
        </div>
      </dl>
      <div className="toolbar">
        <label>
          {t('filterSteps')}
          <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </label>
        <span className="hint">{fill(t('shown'), { n: steps.length, m: catalogue.steps.length })}</span>
      </div>
      <table className="grid compact steps">
        <caption>{t('steps')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stepCode')}</th>
            <th scope="col">{t('stepName')}</th>
            <th scope="col">{t('link')}</th>
            <th scope="col">{t('insuranceType')}</th>
            <th scope="col">{t('classes')}</th>
            <th scope="col">{t('retentionRow')}</th>
            <th scope="col">{t('forms')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.code}>
              <th scope="row" className="nowrap">
                {s.code}
              </th>
              <td>{s.name}</td>
              <td>{linkName.get(s.linkCode) ?? s.linkCode}</td>
              <td className="nowrap">{typeName.get(s.insuranceType) ?? s.insuranceType}</td>
              <td>{s.classCode}</td>
              <td className="nowrap">{s.retentionRowId}</td>
              <td className="small">{s.forms.map((x) => `《${x.title}》`).join('')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** 业务环节目录: the current version, its history, and edits as new versions (catalogue.edit). */
export function BusinessStepsPage() {
  return (
    <AdminLayout title="businessSteps" intro="businessStepsIntro">
      <VersionedDocument<BusinessStepsBody>
        path="/api/catalogue/business-steps"
        historyPath="/api/catalogue/business-steps/history"
        withNote
        save={editCatalogue<BusinessStepsBody>('/api/catalogue/business-steps')}
      >
        {(d) => <BusinessStepsView catalogue={d.body} />}
      </VersionedDocument>
    </AdminLayout>
  );
}
