import type { ItemView } from '../../api/types';

/** The catalogue filters, in the API's query-string names (GET /api/items, GET /api/search). */
export interface CatalogueFilters {
  year?: string;
  class?: string;
  retention?: string;
  insuranceType?: string;
  businessStep?: string;
  status?: string;
}
export const FILTER_KEYS = ['year', 'class', 'retention', 'insuranceType', 'businessStep', 'status'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** `GET /api/items` */
export interface ItemPage {
  items: ItemView[];
  nextCursor: string | null;
}

/** The facet names of a search answer. */
export type FacetName = 'year' | 'classCode' | 'insuranceType' | 'businessStep' | 'retention' | 'status';
export const FACET_ORDER: FacetName[] = [
  'year',
  'classCode',
  'insuranceType',
  'retention',
  'businessStep',
  'status',
];
/** A facet's filter in the query string. */
export const FACET_FILTER: Record<FacetName, FilterKey> = {
  year: 'year',
  classCode: 'class',
  insuranceType: 'insuranceType',
  businessStep: 'businessStep',
  retention: 'retention',
  status: 'status',
};

export interface Highlight {
  field: 'title' | 'text' | 'persons' | 'units';
  fragment: string;
  matches: [number, number][];
}

/** `GET /api/search` */
export interface SearchAnswer {
  total: number;
  hits: { item: ItemView; highlights: Highlight[] }[];
  facets: Partial<Record<FacetName, { value: string; count: number }[]>>;
  facetsExact: boolean;
  nextCursor: string | null;
}

/** `GET /api/saved-searches` */
export interface SavedSearch {
  id: string;
  label: string;
  q: string;
  filters: Record<string, string | number>;
  createdAt: string;
}
