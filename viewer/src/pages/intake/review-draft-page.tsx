import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { api, ApiError } from '../../api/client';
import { ErrorBanner, Loading } from '../../components/status';
import { Link, useRoute } from '../../router';
import { DraftStatusTag, RETENTION_LABELS, StepOptions, groupReasons, useCatalogues, useT } from './common';
import { CONFIDENT, FieldRow } from './review-fields';
import { fetchQueue } from './review-queue-page';
import type { Draft, DraftPage, Person, ReviewFields, Unit } from './types';

interface Loaded {
  draft: Draft;
  proposed: ReviewFields;
}

interface Form {
  businessStep: string;
  title: string;
  year: string;
  date: string;
  responsible: string;
  docNumber: string;
  remarks: string;
  persons: { name: string; residentId: string; socialInsuranceNo: string }[];
  units: { name: string; creditCode: string; socialInsuranceCode: string }[];
}

function formOf(p: ReviewFields): Form {
  return {
    businessStep: p.businessStep ?? '',
    title: p.title ?? '',
    year: p.year ? String(p.year) : '',
    date: p.date ?? '',
    responsible: p.responsible ?? '',
    docNumber: p.docNumber ?? '',
    remarks: p.remarks ?? '',
    persons: (p.persons ?? []).map((x) => ({
      name: x.name,
      residentId: x.residentId ?? '',
      socialInsuranceNo: x.socialInsuranceNo ?? '',
    })),
    units: (p.units ?? []).map((x) => ({
      name: x.name,
      creditCode: x.creditCode ?? '',
      socialInsuranceCode: x.socialInsuranceCode ?? '',
    })),
  };
}

const persons = (f: Form): Person[] =>
  f.persons
    .filter((p) => p.name.trim())
    .map((p) => ({
      name: p.name.trim(),
      ...(p.residentId.trim() ? { residentId: p.residentId.trim().toUpperCase() } : {}),
      ...(p.socialInsuranceNo.trim() ? { socialInsuranceNo: p.socialInsuranceNo.trim() } : {}),
    }));
const units = (f: Form): Unit[] =>
  f.units
    .filter((u) => u.name.trim())
    .map((u) => ({
      name: u.name.trim(),
      ...(u.creditCode.trim() ? { creditCode: u.creditCode.trim().toUpperCase() } : {}),
      ...(u.socialInsuranceCode.trim() ? { socialInsuranceCode: u.socialInsuranceCode.trim() } : {}),
    }));

/** Only what the clerk changed: the API keeps the pipeline's value for every field left out. */
function changedFields(f: Form, p: ReviewFields): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (f.businessStep.trim() && f.businessStep.trim() !== p.businessStep)
    out.businessStep = f.businessStep.trim();
  if (f.title.trim() && f.title.trim() !== p.title) out.title = f.title.trim();
  if (f.year.trim() && Number(f.year) !== p.year) out.year = Number(f.year);
  if (f.date.trim() && f.date.trim() !== p.date) out.date = f.date.trim();
  for (const k of ['responsible', 'docNumber', 'remarks'] as const)
    if (f[k].trim() !== (p[k] ?? '')) out[k] = f[k].trim();
  if (!same(persons(f), p.persons ?? [])) out.persons = persons(f);
  if (!same(units(f), p.units ?? [])) out.units = units(f);
  return out;
}

/** `/intake/review/:draftId`: the page image beside the extracted fields; correct, confirm, re-split or merge. */
export function ReviewDraftPage({ id }: { id: string }) {
  const t = useT();
  const { navigate, query: q } = useRoute();
  const justFiled = q.get('filed');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(
    async (resetForm: boolean) => {
      try {
        const data = await api<Loaded>(`/api/ingest/drafts/${encodeURIComponent(id)}`);
        setLoaded(data);
        setLoadError(null);
        if (resetForm) setForm(formOf(data.proposed));
      } catch (err) {
        setLoadError(err);
      }
    },
    [id],
  );
  useEffect(() => void load(true), [load]);

  // After a re-split or merge the draft is processed again: look again until it waits for review.
  const status = loaded?.draft.status;
  useEffect(() => {
    if (status !== 'processing') return;
    const timer = setInterval(() => void load(true), 1500);
    return () => clearInterval(timer);
  }, [status, load]);

  const confirm = async () => {
    if (!loaded || !form || busy) return;
    setBusy(true);
    setActionError(null);
    setNotice(null);
    try {
      await api(`/api/ingest/drafts/${encodeURIComponent(id)}/confirm`, {
        body: { revision: loaded.draft.revision, fields: changedFields(form, loaded.proposed) },
      });
      setNotice(t('confirmedNext'));
      const next = (await fetchQueue(null, 5)).drafts.find((d) => d.id !== id);
      const filed = `filed=${encodeURIComponent(loaded.draft.itemId)}`;
      navigate(next ? `/intake/review/${next.id}?${filed}` : `/intake/review?${filed}`);
    } catch (err) {
      setActionError(err);
      setNotice(null);
      if (err instanceof ApiError && err.status === 409) {
        if (err.code === 'draft.stale') setNotice(t('stale'));
        await load(true);
      }
    } finally {
      setBusy(false);
    }
  };

  if (loadError !== null && !loaded)
    return (
      <div className="intake">
        <Crumbs />
        <ErrorBanner error={loadError} onRetry={() => void load(true)} />
      </div>
    );
  if (!loaded || !form) return <Loading />;
  const { draft } = loaded;

  return (
    <div className="intake review">
      <Crumbs />
      <h1>
        {t('draft')} <code>{draft.id}</code> <DraftStatusTag status={draft.status} />
      </h1>
      {justFiled && (
        <p className="banner ok" role="status">
          {t('filedItem')} <Link to={`/items/${justFiled}`}>{justFiled}</Link>
        </p>
      )}
      {notice && (
        <p className="banner info" role="status">
          {notice}
        </p>
      )}
      {actionError !== null && <ErrorBanner error={actionError} />}
      {loadError !== null && <ErrorBanner error={loadError} onRetry={() => void load(true)} />}
      {draft.status === 'processing' ? (
        <p className="banner info" role="status">
          {t('processingAgain')}
        </p>
      ) : draft.status !== 'needs_review' ? (
        <p className="banner info" role="status">
          {t('notInReview')}
          <DraftStatusTag status={draft.status} />{' '}
          {draft.status === 'filed' && <Link to={`/items/${draft.itemId}`}>{t('openItem')}</Link>}
          {draft.mergedInto && <Link to={`/intake/review/${draft.mergedInto}`}>{draft.mergedInto}</Link>}
          {draft.error && (
            <span>
              <code>{draft.error.code}</code> {draft.error.message}
            </span>
          )}
        </p>
      ) : null}
      <div className="review-layout">
        <PagePane draft={draft} />
        <div className="fields-pane">
          {draft.reasons.length > 0 && (
            <section className="why" aria-labelledby="why-h">
              <h2 id="why-h">{t('reasons')}</h2>
              <ul className="reasons">
                {groupReasons(draft.reasons).map((r, i) => (
                  <li key={i}>{r}</li>
                ))}
              </ul>
            </section>
          )}
          {draft.quality.length > 0 && (
            <section className="why" aria-labelledby="quality-h">
              <h2 id="quality-h">{t('quality')}</h2>
              <ul className="reasons">
                {draft.quality.map((f, i) => (
                  <li key={i} className={f.severity === 'error' ? 'bad' : ''}>
                    {f.page ? `${t('pageN', { n: f.page })}：` : ''}
                    {f.message} <code>{f.code}</code>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {draft.status !== 'processing' && (
            <ReviewForm
              loaded={loaded}
              form={form}
              setForm={setForm}
              busy={busy}
              editable={draft.status === 'needs_review'}
              onConfirm={() => void confirm()}
            />
          )}
          {draft.status === 'needs_review' && (
            <Resplit
              draft={draft}
              onDone={() => void load(true)}
              onError={(e) => {
                setActionError(e);
                if (e instanceof ApiError && e.status === 409) void load(true);
              }}
            />
          )}
        </div>
      </div>
    </div>
  );
}

function Crumbs() {
  const t = useT();
  return (
    <p className="crumbs">
      <Link to="/intake/review">{t('backToQueue')}</Link> · <Link to="/intake">{t('backToIntake')}</Link>
    </p>
  );
}

/** The page image: thumbnail first, the preview once it has loaded; other pages as thumbnails below. */
function PagePane({ draft }: { draft: Draft }) {
  const t = useT();
  const [n, setN] = useState(1);
  const [zoom, setZoom] = useState(1);
  const count = draft.pages.length;
  const page = draft.pages[Math.min(n, count) - 1];
  const go = (to: number) => setN(Math.max(1, Math.min(count, to)));
  return (
    <section className="page-pane" aria-labelledby="page-h">
      <div className="page-toolbar">
        <h2 id="page-h">
          {t('pageImage')} · {t('pageN', { n: Math.min(n, count) })}{' '}
          <span className="muted small">{t('ofPages', { n: count })}</span>
        </h2>
        <button type="button" className="secondary" onClick={() => go(n - 1)} disabled={n <= 1}>
          {t('prevPage')}
        </button>
        <button type="button" className="secondary" onClick={() => go(n + 1)} disabled={n >= count}>
          {t('nextPage')}
        </button>
        <button
          type="button"
          className="secondary"
          aria-label={t('zoomOut')}
          onClick={() => setZoom((z) => Math.max(1, z - 0.5))}
          disabled={zoom <= 1}
        >
          −
        </button>
        <span className="muted small" aria-live="polite">
          {Math.round(zoom * 100)}%
        </span>
        <button
          type="button"
          className="secondary"
          aria-label={t('zoomIn')}
          onClick={() => setZoom((z) => Math.min(3, z + 0.5))}
          disabled={zoom >= 3}
        >
          +
        </button>
      </div>
      <div className="page-frame" tabIndex={0} role="region" aria-label={t('pageImage')}>
        {page ? (
          <PageImage key={`${draft.id}-${n}-${draft.revision}`} draft={draft} n={n} page={page} zoom={zoom} />
        ) : (
          <p className="muted">{t('noPreview')}</p>
        )}
      </div>
      {count > 1 && (
        <ol className="thumbs">
          {draft.pages.map((p, i) => (
            <li key={i}>
              <button
                type="button"
                className={i + 1 === n ? 'thumb current' : 'thumb'}
                aria-current={i + 1 === n ? 'true' : undefined}
                aria-label={t('pageN', { n: i + 1 })}
                onClick={() => setN(i + 1)}
              >
                {p.thumbnail ? (
                  <img
                    src={`/api/ingest/drafts/${draft.id}/pages/${i + 1}/thumbnail`}
                    alt=""
                    loading="lazy"
                  />
                ) : (
                  <span>{i + 1}</span>
                )}
                <span className="thumb-n">{i + 1}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function PageImage({ draft, n, page, zoom }: { draft: Draft; n: number; page: DraftPage; zoom: number }) {
  const t = useT();
  const base = `/api/ingest/drafts/${draft.id}/pages/${n}`;
  const direct = /^image\/(jpeg|png)$/.test(page.mediaType) ? `${base}/original` : null;
  const best = page.preview ? `${base}/preview` : direct;
  const [src, setSrc] = useState(page.thumbnail ? `${base}/thumbnail` : best);
  useEffect(() => {
    if (!best || src === best) return;
    const img = new Image();
    img.onload = () => setSrc(best);
    img.src = best;
    return () => {
      img.onload = null;
    };
  }, [best, src]);
  if (!src) return <p className="muted">{t('noPreview')}</p>;
  return (
    <img
      src={src}
      alt={`${t('pageN', { n })} · ${page.from.originalName}`}
      style={{ width: `${zoom * 100}%` }}
      className={src === best ? 'page-img' : 'page-img loading'}
    />
  );
}

function ReviewForm({
  loaded,
  form,
  setForm,
  busy,
  editable,
  onConfirm,
}: {
  loaded: Loaded;
  form: Form;
  setForm: (f: Form) => void;
  busy: boolean;
  editable: boolean;
  onConfirm: () => void;
}) {
  const t = useT();
  const catalogues = useCatalogues();
  const c = loaded.draft.classification;
  const refs = useRef<Record<string, HTMLInputElement | null>>({});
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });

  // Focus the first field the pipeline was unsure of, so the clerk starts typing where it matters.
  useEffect(() => {
    if (!editable) return;
    const order: [string, { value: unknown; confidence: number } | undefined][] = [
      ['rv-step', c?.businessStep],
      ['rv-title', c?.formTitle],
      ['rv-year', c?.year],
      ['rv-date', c?.date],
    ];
    const first = order.find(([, d]) => !d || d.value === null || d.confidence < CONFIDENT)?.[0] ?? 'rv-step';
    refs.current[first]?.focus();
  }, [loaded.draft.id, loaded.draft.revision, editable]);

  const steps = catalogues.data?.steps;
  const step = steps?.steps.find((s) => s.code === form.businessStep.trim());
  const stepUnchanged = form.businessStep.trim() === (loaded.proposed.businessStep ?? '');
  const className = step && catalogues.data?.retention.classes.find((x) => x.code === step.classCode)?.name;
  const insurance = step && steps?.insuranceTypes.find((x) => x.code === step.insuranceType)?.name;
  const row = step && catalogues.data?.retention.rows.find((r) => r.id === step.retentionRowId);

  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key !== 'Enter') return;
    if (e.ctrlKey || e.metaKey) {
      e.preventDefault();
      if (editable) onConfirm();
      return;
    }
    // A plain Enter in a field must not file the item by accident.
    if ((e.target as HTMLElement).tagName === 'INPUT') e.preventDefault();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (editable) onConfirm();
  };
  const derived = (code: string | undefined, name: string | undefined) =>
    code ? `${code} ${name ?? ''}` : '—';

  return (
    <form className="review-form" onKeyDown={onKeyDown} onSubmit={submit} aria-labelledby="fields-h">
      <h2 id="fields-h">{t('fields')}</h2>
      <p className="muted small">{t('keyboardHint')}</p>
      <fieldset disabled={!editable || busy}>
        <StepOptions id="rv-steps" steps={steps ?? null} />
        <FieldRow
          id="rv-step"
          label={t('businessStep')}
          decision={c?.businessStep}
          changed={form.businessStep.trim() !== (loaded.proposed.businessStep ?? '')}
          note={step ? step.name : form.businessStep.trim() && steps ? t('unknownStep') : undefined}
        >
          <input
            id="rv-step"
            ref={(el) => void (refs.current['rv-step'] = el)}
            value={form.businessStep}
            onChange={(e) => set({ businessStep: e.target.value.toUpperCase() })}
            list="rv-steps"
            placeholder={t('stepPlaceholder')}
            aria-describedby="rv-step-why"
            autoComplete="off"
          />
        </FieldRow>
        <FieldRow
          id="rv-title"
          label={t('title')}
          decision={c?.formTitle}
          changed={form.title.trim() !== (loaded.proposed.title ?? '')}
          note={
            loaded.draft.extraction?.title && loaded.draft.extraction.title !== form.title
              ? `${t('extractedTitle')}：${loaded.draft.extraction.title}`
              : undefined
          }
        >
          <input
            id="rv-title"
            ref={(el) => void (refs.current['rv-title'] = el)}
            value={form.title}
            onChange={(e) => set({ title: e.target.value })}
            maxLength={500}
            aria-describedby="rv-title-why"
          />
        </FieldRow>
        <div className="field-pair">
          <FieldRow
            id="rv-year"
            label={t('year')}
            decision={c?.year}
            changed={form.year !== (loaded.proposed.year ? String(loaded.proposed.year) : '')}
          >
            <input
              id="rv-year"
              ref={(el) => void (refs.current['rv-year'] = el)}
              value={form.year}
              onChange={(e) => set({ year: e.target.value.replace(/\D/g, '').slice(0, 4) })}
              inputMode="numeric"
              aria-describedby="rv-year-why"
            />
          </FieldRow>
          <FieldRow
            id="rv-date"
            label={t('date')}
            decision={c?.date}
            changed={form.date !== (loaded.proposed.date ?? '')}
          >
            <input
              id="rv-date"
              ref={(el) => void (refs.current['rv-date'] = el)}
              value={form.date}
              onChange={(e) => set({ date: e.target.value.replace(/\D/g, '').slice(0, 8) })}
              inputMode="numeric"
              placeholder={t('dateHint')}
              aria-describedby="rv-date-why"
            />
          </FieldRow>
        </div>
        <dl className="derived">
          <div>
            <dt>{t('classCode')}</dt>
            <dd>
              {derived(step?.classCode, className)}
              {stepUnchanged && c?.classCode.value && <Conf d={c.classCode} />}
            </dd>
          </div>
          <div>
            <dt>{t('insuranceType')}</dt>
            <dd>
              {derived(step?.insuranceType, insurance)}
              {stepUnchanged && c?.insuranceType.value && <Conf d={c.insuranceType} />}
            </dd>
          </div>
          <div>
            <dt>{t('retention')}</dt>
            <dd>
              {row ? `${RETENTION_LABELS[row.period] ?? row.period} · ${row.id}` : '—'}
              {stepUnchanged && c?.retention.value && <Conf d={c.retention} />}
            </dd>
          </div>
          <p className="muted small">{t('derivedFromStep')}</p>
        </dl>
        <div className="field-pair">
          <FieldRow id="rv-responsible" label={t('responsible')}>
            <input
              id="rv-responsible"
              value={form.responsible}
              onChange={(e) => set({ responsible: e.target.value })}
              maxLength={200}
            />
          </FieldRow>
          <FieldRow id="rv-docnumber" label={t('docNumber')}>
            <input
              id="rv-docnumber"
              value={form.docNumber}
              onChange={(e) => set({ docNumber: e.target.value })}
              maxLength={100}
            />
          </FieldRow>
        </div>
        <Parties form={form} set={set} />
        <FieldRow id="rv-remarks" label={t('remarks')}>
          <input
            id="rv-remarks"
            value={form.remarks}
            onChange={(e) => set({ remarks: e.target.value })}
            maxLength={2000}
          />
        </FieldRow>
        <div className="toolbar confirm-bar">
          <button type="submit" disabled={busy || !editable} aria-keyshortcuts="Control+Enter">
            {busy ? t('confirming') : t('confirm')} <kbd>Ctrl+Enter</kbd>
          </button>
        </div>
      </fieldset>
    </form>
  );
}

function Conf({ d }: { d: { confidence: number; reason: string } }) {
  return (
    <span className="muted small" title={d.reason}>
      {' '}
      ({Math.round(d.confidence * 100)}%)
    </span>
  );
}

/** Persons and units of the item: name and identifiers, one row each (kept in the page, never the URL). */
function Parties({ form, set }: { form: Form; set: (patch: Partial<Form>) => void }) {
  const t = useT();
  const setPerson = (i: number, patch: Partial<Form['persons'][number]>) =>
    set({ persons: form.persons.map((p, k) => (k === i ? { ...p, ...patch } : p)) });
  const setUnit = (i: number, patch: Partial<Form['units'][number]>) =>
    set({ units: form.units.map((u, k) => (k === i ? { ...u, ...patch } : u)) });
  return (
    <>
      <fieldset className="parties">
        <legend>{t('persons')}</legend>
        {form.persons.map((p, i) => (
          <div className="party" key={i}>
            <label>
              {t('name')}
              <input value={p.name} onChange={(e) => setPerson(i, { name: e.target.value })} maxLength={50} />
            </label>
            <label className="id">
              {t('residentId')}
              <input
                value={p.residentId}
                onChange={(e) => setPerson(i, { residentId: e.target.value })}
                maxLength={18}
                autoComplete="off"
              />
            </label>
            <label>
              {t('socialInsuranceNo')}
              <input
                value={p.socialInsuranceNo}
                onChange={(e) => setPerson(i, { socialInsuranceNo: e.target.value })}
                maxLength={30}
                autoComplete="off"
              />
            </label>
            <button
              type="button"
              className="link"
              onClick={() => set({ persons: form.persons.filter((_, k) => k !== i) })}
              aria-label={`${t('remove')} ${t('persons')} ${i + 1}`}
            >
              {t('remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link"
          onClick={() =>
            set({ persons: [...form.persons, { name: '', residentId: '', socialInsuranceNo: '' }] })
          }
        >
          + {t('addPerson')}
        </button>
      </fieldset>
      <fieldset className="parties">
        <legend>{t('units')}</legend>
        {form.units.map((u, i) => (
          <div className="party" key={i}>
            <label className="wide">
              {t('unitName')}
              <input value={u.name} onChange={(e) => setUnit(i, { name: e.target.value })} maxLength={200} />
            </label>
            <label className="id">
              {t('unitCode')}
              <input
                value={u.creditCode}
                onChange={(e) => setUnit(i, { creditCode: e.target.value })}
                maxLength={18}
                autoComplete="off"
              />
            </label>
            <label>
              {t('unitSiCode')}
              <input
                value={u.socialInsuranceCode}
                onChange={(e) => setUnit(i, { socialInsuranceCode: e.target.value })}
                maxLength={30}
                autoComplete="off"
              />
            </label>
            <button
              type="button"
              className="link"
              onClick={() => set({ units: form.units.filter((_, k) => k !== i) })}
              aria-label={`${t('remove')} ${t('units')} ${i + 1}`}
            >
              {t('remove')}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="link"
          onClick={() =>
            set({ units: [...form.units, { name: '', creditCode: '', socialInsuranceCode: '' }] })
          }
        >
          + {t('addUnit')}
        </button>
      </fieldset>
    </>
  );
}

/** Re-split at chosen pages, or merge another draft of the same batch in. */
function Resplit({
  draft,
  onDone,
  onError,
}: {
  draft: Draft;
  onDone: () => void;
  onError: (e: unknown) => void;
}) {
  const t = useT();
  const [starts, setStarts] = useState<number[]>([]);
  const [other, setOther] = useState('');
  const [others, setOthers] = useState<Draft[] | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    let live = true;
    api<{ drafts: Draft[] }>(
      `/api/ingest/drafts?batch=${encodeURIComponent(draft.batchId)}&status=needs_review&limit=200`,
    ).then(
      (p) => live && setOthers(p.drafts.filter((d) => d.id !== draft.id)),
      () => live && setOthers([]),
    );
    return () => {
      live = false;
    };
  }, [draft.batchId, draft.id]);

  const split = async () => {
    setBusy(true);
    try {
      // From the last start down, so each cut leaves the earlier page numbers as they were.
      let revision = draft.revision;
      for (const atPage of [...starts].sort((a, b) => b - a)) {
        const res = await api<{ drafts: Draft[] }>(`/api/ingest/drafts/${draft.id}/split`, {
          body: { revision, atPage },
        });
        revision = res.drafts[0]!.revision;
      }
      setStarts([]);
      onDone();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };
  const merge = async () => {
    setBusy(true);
    try {
      await api(`/api/ingest/drafts/${draft.id}/merge`, { body: { revision: draft.revision, other } });
      setOther('');
      onDone();
    } catch (e) {
      onError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="resplit">
      {draft.pages.length > 1 && (
        <details>
          <summary>{t('resplit')}</summary>
          <p className="muted small">{t('resplitIntro')}</p>
          <div className="split-pages">
            {draft.pages.slice(1).map((_, i) => {
              const n = i + 2;
              return (
                <label key={n}>
                  <input
                    type="checkbox"
                    checked={starts.includes(n)}
                    onChange={(e) =>
                      setStarts((s) => (e.target.checked ? [...s, n] : s.filter((x) => x !== n)))
                    }
                  />{' '}
                  {t('startsNewItem', { n })}
                </label>
              );
            })}
          </div>
          <button type="button" onClick={() => void split()} disabled={busy || starts.length === 0}>
            {t('doSplit')}
          </button>
        </details>
      )}
      <details>
        <summary>{t('merge')}</summary>
        <p className="muted small">{t('mergeIntro')}</p>
        {others === null ? (
          <Loading />
        ) : others.length === 0 ? (
          <p className="muted">{t('noMergeCandidates')}</p>
        ) : (
          <div className="toolbar">
            <label>
              {t('mergeWith')}
              <select value={other} onChange={(e) => setOther(e.target.value)}>
                <option value="" />
                {others.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.id.slice(-4)} · {d.extraction?.title ?? '—'} · {d.pages.length} {t('pages')}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => void merge()} disabled={busy || !other}>
              {t('doMerge')}
            </button>
          </div>
        )}
      </details>
    </div>
  );
}
