import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { ItemView } from '../../api/types';
import { useSession } from '../../session';
import { fill, type ItemText } from './messages';
import type { BoxInfo } from './types';
import { formatDay, formatItemDate } from './format';

interface Lookups {
  classes: { code: string; name: string }[];
  insuranceTypes: { code: string; name: string }[];
  steps: { code: string; name: string }[];
}

let lookups: Promise<Lookups> | null = null;

/** Names of 类别, 险种 and 业务环节 from the current catalogue (once per page load; codes if it fails). */
function loadLookups(): Promise<Lookups> {
  lookups ??= Promise.all([
    api<{ body: { classes: Lookups['classes'] } }>('/api/catalogue/retention-table').catch(() => null),
    api<{ body: Omit<Lookups, 'classes'> }>('/api/catalogue/business-steps').catch(() => null),
  ]).then(([table, steps]) => ({
    classes: table?.body.classes ?? [],
    insuranceTypes: steps?.body.insuranceTypes ?? [],
    steps: steps?.body.steps ?? [],
  }));
  return lookups;
}

function useLookups(enabled: boolean): Lookups | null {
  const [value, setValue] = useState<Lookups | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void loadLookups().then((l) => live && setValue(l));
    return () => {
      live = false;
    };
  }, [enabled]);
  return value;
}

/** The box the item is in, with its location, when the actor manages the store (else not asked: 403). */
function useBox(boxId: string | null, enabled: boolean): BoxInfo | null {
  const [box, setBox] = useState<BoxInfo | null>(null);
  useEffect(() => {
    setBox(null);
    if (!boxId || !enabled) return;
    let live = true;
    // The location is extra: a refusal (403) or any failure leaves the 盒号 from the item alone.
    api<BoxInfo>(`/api/boxes/${encodeURIComponent(boxId)}`).then(
      (b) => live && setBox(b),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [boxId, enabled]);
  return box;
}

const named = (list: { code: string; name: string }[] | undefined, code: string | null) => {
  if (!code) return null;
  const name = list?.find((x) => x.code === code)?.name;
  return name ? `${code} ${name}` : code;
};

/** 著录信息: the catalogue fields, status, holds, box and location, loans, due date. */
export function ItemFields({ item, t }: { item: ItemView; t: ItemText }) {
  const { can } = useSession();
  const l = useLookups(can('catalogue.read'));
  const box = useBox(item.box?.boxId ?? null, can('store.manage'));
  const activeHolds = item.holds.filter((h) => !h.liftedAt);
  const none = <span className="muted">{t('none')}</span>;
  const rows: [string, ReactNode][] = [
    [t('archivalCode'), item.archivalCode ?? <span className="muted">{t('noArchivalCode')}</span>],
    [t('title'), item.title],
    [t('responsible'), item.responsible || none],
    [t('docNumber'), item.docNumber || none],
    [t('date'), formatItemDate(item.date)],
    [t('year'), item.year],
    [t('classCode'), named(l?.classes, item.classCode)],
    [t('retention'), item.retentionLabel],
    [t('insuranceType'), named(l?.insuranceTypes, item.insuranceType)],
    [t('businessStep'), named(l?.steps, item.businessStep) ?? none],
    [t('section'), item.section],
    [
      t('persons'),
      item.persons.length ? (
        <ul className="plain">
          {item.persons.map((p, i) => (
            <li key={i}>
              {p.name}
              {p.residentId && <span className="mono"> {p.residentId}</span>}
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
    ],
    [
      t('units'),
      item.units.length ? (
        <ul className="plain">
          {item.units.map((u, i) => (
            <li key={i}>
              {u.name}
              {u.creditCode && <span className="mono"> {u.creditCode}</span>}
            </li>
          ))}
        </ul>
      ) : (
        none
      ),
    ],
    [t('pageCount'), item.pageCount],
    [t('status'), <span className="tag">{item.statusLabel}</span>],
    [
      t('holds'),
      activeHolds.length ? (
        <ul className="plain">
          {activeHolds.map((h) => (
            <li key={h.id}>
              <span className="tag bad">{t('frozen')}</span> {h.reason}
              {h.authority && (
                <span className="muted">
                  {' '}
                  · {t('holdBy')} {h.authority}
                </span>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <span className="muted">{t('notFrozen')}</span>
      ),
    ],
    [t('box'), item.box ? (box?.code ?? item.box.boxNumber) : <span className="muted">{t('notBoxed')}</span>],
  ];
  if (box) rows.push([t('location'), box.locationCode ?? <span className="muted">{t('notShelved')}</span>]);
  rows.push([
    t('out'),
    item.out ? (
      <span>
        <span className="tag warn">{item.out.reason === 'loan' ? t('outLoan') : t('outMovement')}</span>{' '}
        {item.out.ref} · {fill(t('outSince'), { since: formatDay(item.out.since) })}
        {item.out.due && <> · {fill(t('outDue'), { due: formatDay(item.out.due) })}</>}
      </span>
    ) : (
      <span className="muted">{item.box ? t('inPlace') : t('none')}</span>
    ),
  ]);
  rows.push([t('dueDate'), item.dueDate ? formatDay(item.dueDate) : t('permanent')]);
  if (item.remarks) rows.push([t('remarks'), item.remarks]);
  return (
    <section className="if" aria-labelledby="if-title">
      <h2 id="if-title">{t('fields')}</h2>
      {item.personalDataMasked && <p className="tp-note">{t('textMasked')}</p>}
      <dl className="if-list">
        {rows.map(([k, v]) => (
          <div key={k} className="if-row">
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
