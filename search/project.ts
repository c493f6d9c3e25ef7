import type { Item } from '../server/core/items/item.model';
import type { SearchDocument } from '../server/core/search/search-index.port';

/** Projects an item onto what the index holds (pure). Pages' OCR text joins `text` when ingest adds it. */
export function projectItem(item: Item): SearchDocument {
  return {
    itemId: item.id,
    archivalCode: item.archivalCode,
    title: item.title,
    text: [item.responsible, item.docNumber, item.remarks, item.content].filter(Boolean).join('\n'),
    persons: item.persons.map((p) => ({
      name: p.name,
      ...(p.residentId ? { residentId: p.residentId } : {}),
    })),
    units: item.units.map((u) => ({
      name: u.name,
      codes: [u.creditCode, u.socialInsuranceCode].filter((c): c is string => !!c),
    })),
    facets: {
      fondsCode: item.fondsCode,
      year: item.year,
      classCode: item.classCode,
      insuranceType: item.insuranceType,
      businessStep: item.businessStep ?? '',
      retention: item.retention,
      status: item.status,
      section: item.section,
    },
    date: item.date,
    revision: item.revision,
  };
}

/**
 * The persons and units of a document as one text each, for matching and highlighting. Every index uses
 * these (search/adapters/*), so a highlight has the same fragment and ranges on every backend.
 */
export const personsText = (d: Pick<SearchDocument, 'persons'>): string =>
  d.persons.map((p) => [p.name, p.residentId].filter(Boolean).join(' ')).join('；');
export const unitsText = (d: Pick<SearchDocument, 'units'>): string =>
  d.units.map((u) => [u.name, ...u.codes].join(' ')).join('；');

/**
 * The texts of a document the index tokenizes, in order: title, 档号, other text, persons, units. Every
 * index feeds exactly these to search/tokenizer, which is what makes matching the same on every backend.
 */
export const searchableTexts = (d: SearchDocument): string[] => [
  d.title,
  d.archivalCode ?? '',
  d.text,
  personsText(d),
  unitsText(d),
];
