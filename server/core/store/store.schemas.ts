import { z } from 'zod';
import { RETENTION_PERIODS } from '../catalogue/retention.policy';
import { MOVEMENT_DIRECTIONS, MOVEMENT_REASONS } from './movement.model';

/** Inputs of the store's use cases (装盒、上架、出入库), validated at the HTTP edge. */
const mm = z.number().int().min(10).max(1000);
const year = z.number().int().min(1900).max(2200);
const dateOnly = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD');
const text = (max: number) => z.string().trim().max(max);

const boxTypeFields = {
  name: z.string().trim().min(1).max(100),
  lengthMm: mm,
  widthMm: mm,
  thicknessMm: z.number().int().min(10).max(200),
  capacityItems: z.number().int().min(1).max(10_000),
  capacityPages: z.number().int().min(1).max(100_000).nullable(),
  years: z.strictObject({ from: year.optional(), to: year.optional() }),
  source: text(500),
  note: text(1000),
  active: z.boolean(),
};
export const boxTypeInputSchema = z.strictObject({
  ...boxTypeFields,
  capacityPages: boxTypeFields.capacityPages.default(null),
  years: boxTypeFields.years.default({}),
  source: boxTypeFields.source.default(''),
  note: boxTypeFields.note.default(''),
  active: boxTypeFields.active.default(true),
});
export type BoxTypeInput = z.infer<typeof boxTypeInputSchema>;
export const boxTypePatchSchema = z
  .strictObject(boxTypeFields)
  .partial()
  .extend({ revision: z.number().int().min(1) });
export type BoxTypePatch = z.infer<typeof boxTypePatchSchema>;

export const groupSchema = z.strictObject({
  fondsCode: z.string().regex(/^[0-9A-Za-z]{1,12}$/),
  year,
  classCode: z.string().regex(/^[A-Z][A-Z0-9-]{0,15}$/),
  retention: z.enum(RETENTION_PERIODS),
});

export const boxInputSchema = groupSchema.extend({
  typeId: z.string().max(40).optional(),
  items: z.array(z.string().max(40)).max(10_000).default([]),
});
export type BoxInput = z.infer<typeof boxInputSchema>;

export const boxItemsSchema = z.strictObject({
  items: z.array(z.string().max(40)).min(1).max(10_000),
  revision: z.number().int().min(1).optional(),
});
export type BoxItemsInput = z.infer<typeof boxItemsSchema>;

export const boxNoteSchema = z.strictObject({
  description: text(4000).optional(),
  arrangedBy: text(50).optional(),
  arrangedOn: dateOnly.nullable().optional(),
  checkedBy: text(50).optional(),
  checkedOn: dateOnly.nullable().optional(),
  revision: z.number().int().min(1),
});
export type BoxNoteInput = z.infer<typeof boxNoteSchema>;

/** Query filters naming a group, or part of one (a fonds, a year …). */
const groupFilters = {
  fondsCode: z.string().max(12).optional(),
  year: z.coerce.number().int().optional(),
  classCode: z.string().max(16).optional(),
  retention: z.enum(RETENTION_PERIODS).optional(),
};

export const boxListQuerySchema = z.strictObject({
  ...groupFilters,
  status: z.enum(['open', 'sealed']).optional(),
  shelfId: z.string().max(40).optional(),
  unshelved: z.enum(['true']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type BoxListQuery = z.infer<typeof boxListQuerySchema>;

export const packingQuerySchema = z.strictObject({
  ...groupFilters,
  typeId: z.string().max(40).optional(),
  maxBoxes: z.coerce.number().int().min(1).max(2000).default(200),
});
export type PackingQuery = z.infer<typeof packingQuerySchema>;

export const applyPackingSchema = z.strictObject({
  boxes: z
    .array(
      z.strictObject({
        boxId: z.string().max(40).nullable().optional(),
        typeId: z.string().max(40).optional(),
        items: z.array(z.string().max(40)).min(1).max(10_000),
      }),
    )
    .min(1)
    .max(2000),
});
export type ApplyPackingInput = z.infer<typeof applyPackingSchema>;

const layoutShelves = {
  shelves: z.number().int().min(1).max(20),
  capacity: z.number().int().min(1).max(200),
};
export const locationInputSchema = z.strictObject({
  kind: z.enum(['room', 'row', 'section', 'shelf']),
  parentId: z.string().max(40).optional(),
  number: z.number().int().min(1).max(999),
  name: text(100).default(''),
  note: text(500).default(''),
  /** Shelves: boxes per shelf. */
  capacity: z.number().int().min(1).max(200).optional(),
  /** Builds the children at once: rows (for a room), sections, shelves and their capacity. */
  layout: z
    .strictObject({
      rows: z.number().int().min(1).max(200).optional(),
      sections: z.number().int().min(1).max(50).optional(),
      ...layoutShelves,
    })
    .optional(),
});
export type LocationInput = z.infer<typeof locationInputSchema>;

export const locationPatchSchema = z.strictObject({
  name: text(100).optional(),
  note: text(500).optional(),
  capacity: z.number().int().min(1).max(200).optional(),
  revision: z.number().int().min(1),
});
export type LocationPatch = z.infer<typeof locationPatchSchema>;

export const placeBoxSchema = z.strictObject({
  shelfId: z.string().max(40),
  note: text(200).default(''),
});
export type PlaceBoxInput = z.infer<typeof placeBoxSchema>;

export const movementInputSchema = z.strictObject({
  subject: z.strictObject({ kind: z.enum(['item', 'box']), id: z.string().max(40) }),
  direction: z.enum(MOVEMENT_DIRECTIONS),
  reason: z.enum(MOVEMENT_REASONS),
  note: text(200).default(''),
  ref: text(60).nullable().default(null),
  from: text(120).nullable().optional(),
  to: text(120).nullable().optional(),
});
export type MovementInput = z.infer<typeof movementInputSchema>;

export const movementListQuerySchema = z.strictObject({
  subjectId: z.string().max(40).optional(),
  direction: z.enum(MOVEMENT_DIRECTIONS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
export type MovementListQuery = z.infer<typeof movementListQuerySchema>;

export const registerQuerySchema = z.strictObject({
  kind: z.enum(['in_out', 'changes']).default('in_out'),
  from: dateOnly,
  to: dateOnly,
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});
export type RegisterQuery = z.infer<typeof registerQuerySchema>;

export const catalogueQuerySchema = z.strictObject({
  fondsCode: z.string().regex(/^[0-9A-Za-z]{1,12}$/),
  year: z.coerce.number().int().min(1900).max(2200),
  classCode: z.string().max(16).optional(),
  retention: z.enum(RETENTION_PERIODS).optional(),
  format: z.enum(['pdf', 'xlsx']).default('pdf'),
});
export type CatalogueQuery = z.infer<typeof catalogueQuerySchema>;

export const labelsSchema = z.strictObject({ boxes: z.array(z.string().max(40)).min(1).max(500) });
