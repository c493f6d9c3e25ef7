import type { ItemId } from '../shared/ids';

/** What the index knows of an item: a projection (search/project.ts), not the item itself. */
export interface SearchDocument {
  itemId: ItemId;
  archivalCode: string | null;
  title: string;
  /** Other searchable text: 责任者, 文号, 备注, and later the OCR text of the pages. */
  text: string;
  persons: { name: string; residentId?: string }[];
  units: { name: string; codes: string[] }[];
  facets: SearchFacets;
  date: string;
  revision: number;
}

export interface SearchFacets {
  fondsCode: string;
  year: number;
  classCode: string;
  insuranceType: string;
  businessStep: string;
  retention: string;
  status: string;
  section: string;
}
export type FacetName = keyof SearchFacets;
export const FACET_NAMES: readonly FacetName[] = [
  'year',
  'classCode',
  'insuranceType',
  'businessStep',
  'retention',
  'status',
];

export interface SearchQuery {
  /** The user's words, as typed. Never interpreted as query syntax. */
  q: string;
  filters: Partial<Omit<SearchFacets, 'section'>> & { sections?: string[] };
  limit: number;
  cursor: string | null;
}

export type SearchField = 'title' | 'text' | 'persons' | 'units';

/** A fragment of a matched field, with the [start, end) character ranges that matched. */
export interface Highlight {
  field: SearchField;
  fragment: string;
  matches: [number, number][];
}

export interface SearchHit {
  itemId: ItemId;
  highlights: Highlight[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  facets: Partial<Record<FacetName, { value: string; count: number }[]>>;
  /** False when the matches were too many to count every one: facets then count the newest matches. */
  facetsExact: boolean;
  nextCursor: string | null;
}

/**
 * Port: the full-text index. Matching is the same on every backend because both use search/tokenizer:
 * a two-character word matches as a substring, an 18-character 公民身份号码 or unit code matches exactly,
 * several words must all match. Hits come newest-indexed first; facet counts cover every match.
 */
export interface SearchIndex {
  upsert(doc: SearchDocument): Promise<void>;
  remove(itemId: ItemId): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /** The revision last indexed for an item, or null. */
  indexedRevision(itemId: ItemId): Promise<number | null>;
}
