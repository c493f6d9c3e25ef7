import type { Actor } from '../access/actor';
import { SYSTEM_ACTOR, authorize } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { invalid, notFound } from '../shared/errors';
import type { Versioned } from './catalogue-store.port';
import type {
  BusinessStepCatalogue,
  CatalogueBodies,
  CatalogueKind,
  ClassificationScheme,
  Fonds,
  RetentionTable,
} from './catalogue.schemas';
import { defaultScheme, seedBusinessSteps, seedRetentionTable } from './catalogue-seed';

type Deps = Pick<CoreDeps, 'catalogue' | 'audit' | 'clock'>;
const INSTALLATION = '';

/** Writes version 1 of the retention table and business-step catalogue if the store has none. */
export async function ensureCatalogueSeeded(deps: Deps): Promise<void> {
  const at = deps.clock.now();
  if (!(await deps.catalogue.current('retention-table', INSTALLATION))) {
    await deps.catalogue.append('retention-table', INSTALLATION, seedRetentionTable(), {
      expectedVersion: 0,
      author: SYSTEM_ACTOR.username,
      note: '初始版本：归档范围与保管期限',
      at,
    });
  }
  if (!(await deps.catalogue.current('business-steps', INSTALLATION))) {
    await deps.catalogue.append('business-steps', INSTALLATION, seedBusinessSteps(), {
      expectedVersion: 0,
      author: SYSTEM_ACTOR.username,
      note: '初始版本：业务环节目录',
      at,
    });
  }
}

export async function currentRetentionTable(deps: Deps): Promise<Versioned<RetentionTable>> {
  const t = await deps.catalogue.current('retention-table', INSTALLATION);
  if (!t) throw notFound('catalogue.not_seeded', 'The retention table has not been loaded.');
  return t;
}

export async function currentBusinessSteps(deps: Deps): Promise<Versioned<BusinessStepCatalogue>> {
  const c = await deps.catalogue.current('business-steps', INSTALLATION);
  if (!c) throw notFound('catalogue.not_seeded', 'The business-step catalogue has not been loaded.');
  return c;
}

/** Cross-checks a retention table: unique row ids, every row's class exists. */
function checkRetentionTable(t: RetentionTable): void {
  const classes = new Set(t.classes.map((c) => c.code));
  const ids = new Set<string>();
  for (const r of t.rows) {
    if (ids.has(r.id)) throw invalid('catalogue.duplicate_row', `Retention row ${r.id} appears twice.`);
    ids.add(r.id);
    if (!classes.has(r.classCode))
      throw invalid(
        'catalogue.unknown_class',
        `Retention row ${r.id} names an unknown class ${r.classCode}.`,
      );
  }
}

/** Cross-checks a business-step catalogue against the current retention table. */
function checkBusinessSteps(c: BusinessStepCatalogue, table: RetentionTable): void {
  const rows = new Map(table.rows.map((r) => [r.id, r]));
  const types = new Set(c.insuranceTypes.map((t) => t.code));
  const links = new Set(c.links.map((l) => l.code));
  const codes = new Set<string>();
  for (const s of c.steps) {
    if (codes.has(s.code))
      throw invalid('catalogue.duplicate_step', `Business step ${s.code} appears twice.`);
    codes.add(s.code);
    const row = rows.get(s.retentionRowId);
    if (!row)
      throw invalid(
        'catalogue.unknown_retention_row',
        `Step ${s.code} names an unknown retention row ${s.retentionRowId}.`,
      );
    if (!types.has(s.insuranceType))
      throw invalid(
        'catalogue.unknown_insurance_type',
        `Step ${s.code} names an unknown insurance type ${s.insuranceType}.`,
      );
    if (!links.has(s.linkCode))
      throw invalid('catalogue.unknown_link', `Step ${s.code} names an unknown business link ${s.linkCode}.`);
  }
}

/**
 * Edits a catalogue document: writes a new version (the old ones stay, and items keep pointing at the
 * version that classified them). `expectedVersion` guards against two editors overwriting each other.
 */
export async function editCatalogue<K extends 'retention-table' | 'business-steps'>(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  kind: K,
  body: CatalogueBodies[K],
  expectedVersion: number,
  note: string,
): Promise<Versioned<CatalogueBodies[K]>> {
  await authorizeAudited(deps, actor, ctx, 'catalogue.edit', `catalogue.${kind}.edit`, kind);
  if (kind === 'retention-table') checkRetentionTable(body as RetentionTable);
  else checkBusinessSteps(body as BusinessStepCatalogue, (await currentRetentionTable(deps)).body);
  const v = await deps.catalogue.append(kind, INSTALLATION, body, {
    expectedVersion,
    author: actor.username,
    note,
    at: deps.clock.now(),
  });
  await recordAudit(deps, actor, ctx, `catalogue.${kind}.edit`, `${kind}@${v.version}`, { note });
  return v;
}

export async function catalogueVersion<K extends CatalogueKind>(
  deps: Deps,
  actor: Actor,
  kind: K,
  scope: string,
  version: number | 'current',
) {
  authorize(actor, 'catalogue.read');
  const v =
    version === 'current'
      ? await deps.catalogue.current(kind, scope)
      : await deps.catalogue.version(kind, scope, version);
  if (!v) throw notFound('catalogue.not_found', `No ${kind} ${scope} version ${version}.`);
  return v;
}

/** Creates a fonds (全宗) with the default classification scheme. */
export async function createFonds(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  code: string,
  fonds: Fonds,
): Promise<Versioned<Fonds>> {
  await authorizeAudited(deps, actor, ctx, 'fonds.manage', 'fonds.create', code);
  if (!/^[0-9A-Za-z]{1,12}$/.test(code)) throw invalid('fonds.bad_code', '全宗号 is 1-12 letters or digits.');
  const v = await deps.catalogue.append('fonds', code, fonds, {
    expectedVersion: 0,
    author: actor.username,
    note: '建立全宗',
    at: deps.clock.now(),
  });
  await deps.catalogue.append('scheme', `${code}/default`, defaultScheme(), {
    expectedVersion: 0,
    author: actor.username,
    note: '默认分类方案',
    at: deps.clock.now(),
  });
  await recordAudit(deps, actor, ctx, 'fonds.create', code, { name: fonds.name });
  return v;
}

export async function listFonds(deps: Deps, actor: Actor): Promise<Versioned<Fonds>[]> {
  authorize(actor, 'catalogue.read');
  const out: Versioned<Fonds>[] = [];
  for (const code of await deps.catalogue.scopes('fonds')) {
    const f = await deps.catalogue.current('fonds', code);
    if (f) out.push(f);
  }
  return out;
}

/** The schemes of a fonds (`default`, and any legacy ones), current versions. */
export async function listSchemes(
  deps: Deps,
  actor: Actor,
  fondsCode: string,
): Promise<Versioned<ClassificationScheme>[]> {
  authorize(actor, 'catalogue.read');
  const scopes = (await deps.catalogue.scopes('scheme')).filter((s) => s.startsWith(`${fondsCode}/`));
  const out: Versioned<ClassificationScheme>[] = [];
  for (const s of scopes) {
    const v = await deps.catalogue.current('scheme', s);
    if (v) out.push(v);
  }
  return out;
}

/** Writes a new version of a fonds' scheme (or creates a named one, e.g. `legacy-2011`). */
export async function putScheme(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  fondsCode: string,
  schemeId: string,
  scheme: ClassificationScheme,
  expectedVersion: number,
): Promise<Versioned<ClassificationScheme>> {
  await authorizeAudited(deps, actor, ctx, 'catalogue.edit', 'scheme.edit', `${fondsCode}/${schemeId}`);
  if (!(await deps.catalogue.current('fonds', fondsCode)))
    throw notFound('fonds.not_found', `No fonds ${fondsCode}.`);
  if (!/^[a-z0-9-]{1,32}$/.test(schemeId))
    throw invalid('scheme.bad_id', 'A scheme id is 1-32 lower-case letters, digits or dashes.');
  const v = await deps.catalogue.append('scheme', `${fondsCode}/${schemeId}`, scheme, {
    expectedVersion,
    author: actor.username,
    note: scheme.name,
    at: deps.clock.now(),
  });
  await recordAudit(deps, actor, ctx, 'scheme.edit', `${fondsCode}/${schemeId}@${v.version}`);
  return v;
}

/** The scheme that governs an item of `year` in a fonds: a scheme whose years cover it, else `default`. */
export async function schemeFor(
  deps: Deps,
  fondsCode: string,
  year: number,
): Promise<{ id: string; version: Versioned<ClassificationScheme> }> {
  const scopes = (await deps.catalogue.scopes('scheme')).filter((s) => s.startsWith(`${fondsCode}/`));
  let fallback: { id: string; version: Versioned<ClassificationScheme> } | null = null;
  for (const scope of scopes) {
    const v = await deps.catalogue.current('scheme', scope);
    if (!v) continue;
    const id = scope.slice(fondsCode.length + 1);
    const { from, to } = v.body.years;
    if (id === 'default') fallback = { id, version: v };
    else if ((from === undefined || year >= from) && (to === undefined || year <= to))
      return { id, version: v };
  }
  if (!fallback) throw notFound('fonds.not_found', `No fonds ${fondsCode} (or it has no default scheme).`);
  return fallback;
}
