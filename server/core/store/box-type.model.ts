import type { StoredRecord } from '../records/record-store.port';
import { invalid } from '../shared/errors';

/**
 * 档案盒 types: the outside dimensions (长×宽×厚, mm) fix the printed cover and spine; the capacity (件, and
 * optionally 页) fixes how many items a box of this type takes. The years say which files the type is
 * meant for (the sources: 310×220×60 mm for 2012 and later, 340×240×40 mm for 2011 and earlier).
 */
export interface BoxType extends StoredRecord {
  name: string;
  /** 长: the box's height when it stands on the shelf (the spine is this tall). */
  lengthMm: number;
  /** 宽: the width of the face (the cover). */
  widthMm: number;
  /** 厚: the spine's width. */
  thicknessMm: number;
  /** Most items (件) one box takes. */
  capacityItems: number;
  /** Most pages, when the type limits them (null: items only). */
  capacityPages: number | null;
  /** The years of files this type is meant for (packing picks the type by the items' year). */
  years: { from?: number; to?: number };
  source: string;
  note: string;
  active: boolean;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

const CAPACITY_NOTE =
  'Derived, editable: the sources give no capacity. 365,245 items in 17,244 boxes [001] is ≈21 items per ' +
  'box; pages at ≈0.1 mm per sheet filling about 85% of the thickness.';

/** The two box types the sources name [001:296], with derived capacities (fixed ids: seeded once). */
export function defaultBoxTypes(at: string): BoxType[] {
  const base = { revision: 1, active: true, createdAt: at, createdBy: 'system', updatedAt: at };
  return [
    {
      ...base,
      id: 'bxt_std2012',
      name: '档案盒 310×220×60（2012年及以后）',
      lengthMm: 310,
      widthMm: 220,
      thicknessMm: 60,
      capacityItems: 30,
      capacityPages: 500,
      years: { from: 2012 },
      source:
        '[001:296] 2012年及以后文件使用 310mm×220mm×60mm 档案盒（《重庆市社会保险业务档案管理办法(试行)》）',
      note: CAPACITY_NOTE,
    },
    {
      ...base,
      id: 'bxt_legacy2011',
      name: '档案盒 340×240×40（2011年及以前）',
      lengthMm: 340,
      widthMm: 240,
      thicknessMm: 40,
      capacityItems: 20,
      capacityPages: 330,
      years: { to: 2011 },
      source: '[001:296] 2011年及以前文件使用 340mm×240mm×40mm 档案盒（按人装袋）',
      note: CAPACITY_NOTE,
    },
  ];
}

/** Whether a type is meant for files of `year`. */
export function typeCoversYear(type: Pick<BoxType, 'years'>, year: number): boolean {
  const { from, to } = type.years;
  return (from === undefined || year >= from) && (to === undefined || year <= to);
}

/** The type packing uses for a year: the first active type covering it, else the first active type. */
export function typeForYear<T extends Pick<BoxType, 'years' | 'active'>>(types: T[], year: number): T | null {
  const active = types.filter((t) => t.active);
  return active.find((t) => typeCoversYear(t, year)) ?? active[0] ?? null;
}

/** Dimensions and capacities must be positive and plausible for a box on a shelf. */
export function checkBoxType(t: Pick<BoxType, 'lengthMm' | 'widthMm' | 'thicknessMm' | 'years'>): void {
  if (t.thicknessMm > t.widthMm)
    throw invalid('box_type.bad_dimensions', 'A box is thinner than it is wide (长×宽×厚).');
  const { from, to } = t.years;
  if (from !== undefined && to !== undefined && from > to)
    throw invalid('box_type.bad_years', 'The years of a box type run from the earlier to the later.');
}
