import type { SearchDocument, SearchFacets } from '../../server/core/search/search-index.port';
import { indexTokens } from '../tokenizer';
import { searchableTexts } from '../project';

/**
 * What one entry of the items index holds (storage-config/elasticsearch/items-mapping.v1.ts): the
 * SearchDocument as given (`doc`, stored, not indexed) and what is derived from it for matching,
 * filtering and ordering.
 */
export interface IndexedItem {
  itemId: string;
  /** First-indexed order: hits come newest first. Kept when the entry is replaced. */
  seq: number;
  /** When the entry was last written (a stamp of `nextStamp`): a reindex catches up from it. */
  touched: number;
  /** search/tokenizer tokens, space-separated, one string per searchable field. */
  grams: string[];
  facets: Record<keyof SearchFacets, string>;
  doc: SearchDocument;
}

/** The texts every index tokenizes (search/project.ts), one token string per field. */
function grams(d: SearchDocument): string[] {
  return searchableTexts(d)
    .map((t) => indexTokens(t).join(' '))
    .filter((t) => t.length > 0);
}

const FACET_FIELDS: readonly (keyof SearchFacets)[] = [
  'fondsCode',
  'year',
  'classCode',
  'insuranceType',
  'businessStep',
  'retention',
  'status',
  'section',
];

export function toIndexed(doc: SearchDocument, seq: number, touched: number): IndexedItem {
  const facets = Object.fromEntries(FACET_FIELDS.map((k) => [k, String(doc.facets[k])])) as Record<
    keyof SearchFacets,
    string
  >;
  return { itemId: doc.itemId, seq, touched, grams: grams(doc), facets, doc };
}

let last = 0;

/**
 * A stamp that grows on every call in this process: milliseconds since the epoch × 1000 plus a counter,
 * so two writes in the same millisecond still order (exact as a JavaScript number until the year 2255).
 * Processes on different machines order by their clocks, which is what "newest indexed" can mean there.
 */
export function nextStamp(): number {
  last = Math.max(Date.now() * 1000, last + 1);
  return last;
}
