import type { Filter } from 'mongodb';
import type { ItemFilters } from '../../core/items/item-repository.port';
import { invalid } from '../../core/shared/errors';
import type { ItemDocument } from './mongo.items-document';

export type ItemQuery = ItemFilters & { fromYear?: number; toYear?: number };

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every condition of a filter (without the cursor), each on one derived field, ANDed by `allOf`. */
export function conditionsOf(f: ItemQuery): Filter<ItemDocument>[] {
  const all: Filter<ItemDocument>[] = [];
  const eq = (field: keyof ItemDocument, value: string | number | boolean | undefined) => {
    if (value !== undefined) all.push({ [field]: value });
  };
  eq('fondsCode', f.fondsCode);
  eq('year', f.year);
  eq('classCode', f.classCode);
  eq('insuranceType', f.insuranceType);
  eq('businessStep', f.businessStep);
  eq('retention', f.retention);
  eq('status', f.status);
  if (f.sections) all.push({ section: { $in: f.sections } });
  // The arrays of the item's persons and units: an equality matches any element (a multikey index).
  eq('personIds', f.personResidentId);
  eq('personNames', f.personName);
  eq('unitCodes', f.unitCode);
  eq('unitNames', f.unitName);
  // An anchored, case-sensitive prefix: MongoDB scans only that range of an index on `date`.
  if (f.datePrefix !== undefined) all.push({ date: { $regex: `^${escapeRegExp(f.datePrefix)}` } });
  // A null due date (permanent records) never compares with a string, so `$lte` leaves it out.
  if (f.dueOnOrBefore !== undefined) all.push({ dueDate: { $lte: f.dueOnOrBefore } });
  eq('numbered', f.numbered);
  eq('held', f.held);
  eq('out', f.out);
  if (f.fromYear !== undefined) all.push({ year: { $gte: f.fromYear } });
  if (f.toYear !== undefined) all.push({ year: { $lte: f.toYear } });
  return all;
}

export function allOf(conditions: Filter<ItemDocument>[]): Filter<ItemDocument> {
  if (conditions.length === 0) return {};
  if (conditions.length === 1) return conditions[0]!;
  return { $and: conditions };
}

/** A list cursor: the `seq` of the page's last item, opaque to callers (the SQLite adapter's format). */
export const encodeCursor = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const m = /^s(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return Number(m[1]);
}
