import type { Actor } from '../access/actor';
import { authorize } from '../access/actor';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import { notFound } from '../shared/errors';
import { newId } from '../shared/ids';
import { checkBoxType, defaultBoxTypes, type BoxType } from './box-type.model';
import { assertRevision } from './store-records';
import type { BoxTypeInput, BoxTypePatch } from './store.schemas';

type Deps = Pick<CoreDeps, 'records' | 'clock' | 'audit'>;

export const boxTypes = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<BoxType>('box_type');

/** Writes the sources' two box types once (fixed ids: concurrent first calls cannot seed twice). */
export async function ensureBoxTypesSeeded(deps: Pick<CoreDeps, 'records' | 'clock'>): Promise<void> {
  const col = boxTypes(deps);
  for (const t of defaultBoxTypes(deps.clock.now().toISOString())) {
    if (await col.get(t.id)) continue;
    await col.insert(t).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'record.exists') throw e;
    });
  }
}

/** Every box type, oldest first (the seeded ones lead). */
export async function allBoxTypes(deps: Pick<CoreDeps, 'records' | 'clock'>): Promise<BoxType[]> {
  await ensureBoxTypesSeeded(deps);
  const out: BoxType[] = [];
  for await (const t of boxTypes(deps).all()) out.push(t);
  return out.reverse();
}

export async function getBoxType(deps: Pick<CoreDeps, 'records' | 'clock'>, id: string): Promise<BoxType> {
  await ensureBoxTypesSeeded(deps);
  const t = await boxTypes(deps).get(id);
  if (!t) throw notFound('box_type.not_found', `No box type ${id}.`);
  return t;
}

export async function listBoxTypes(deps: Deps, actor: Actor): Promise<BoxType[]> {
  authorize(actor, 'catalogue.read');
  return allBoxTypes(deps);
}

export async function createBoxType(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  input: BoxTypeInput,
): Promise<BoxType> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box_type.create', null);
  checkBoxType(input);
  const at = deps.clock.now().toISOString();
  const t: BoxType = {
    id: newId('bxt'),
    revision: 1,
    ...input,
    createdAt: at,
    createdBy: actor.username,
    updatedAt: at,
  };
  await boxTypes(deps).insert(t);
  await recordAudit(deps, actor, ctx, 'box_type.create', t.id, { name: t.name });
  return t;
}

/** Edits a type (compare-and-set on `revision`); boxes already packed keep their contents. */
export async function updateBoxType(
  deps: Deps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  patch: BoxTypePatch,
): Promise<BoxType> {
  await authorizeAudited(deps, actor, ctx, 'store.manage', 'box_type.update', id);
  const current = await getBoxType(deps, id);
  const { revision, ...fields } = patch;
  assertRevision(current, revision, `Box type ${id}`);
  const next: BoxType = {
    ...current,
    ...fields,
    revision: current.revision + 1,
    updatedAt: deps.clock.now().toISOString(),
  };
  checkBoxType(next);
  await boxTypes(deps).update(next);
  await recordAudit(deps, actor, ctx, 'box_type.update', id, { fields: Object.keys(fields) });
  return next;
}
