import type { estypes } from '@elastic/elasticsearch';
import {
  FACET_NAMES,
  type FacetName,
  type SearchQuery,
  type SearchResult,
} from '../../server/core/search/search-index.port';
import { invalid } from '../../server/core/shared/errors';
import type { QueryTerm } from '../tokenizer';

/**
 * Buckets asked per facet: more than any facet has values (the embedded index allows at most 4,095
 * business steps), so every value is counted. Should a facet ever have more, its counts are reported
 * as not exact (`sum_other_doc_count`).
 */
export const FACET_BUCKETS = 5000;

/**
 * One query term as Elasticsearch queries on the pre-tokenised `grams` field, mirroring the embedded
 * index's FTS5 expression: a lone Han character is a prefix of a token (served by `index_prefixes`), a
 * single token is a term, and a word of several bigrams is a phrase of them (consecutive positions:
 * a substring, never the characters scattered). The tokens contain only Han characters and [a-z0-9]
 * (search/tokenizer), and `whitespace` only splits them apart: nothing the user typed is parsed as
 * query syntax (no `query_string`, no `simple_query_string`).
 */
function termQuery(t: QueryTerm): estypes.QueryDslQueryContainer {
  if (t.prefix) return { prefix: { grams: { value: t.tokens[0]! } } };
  if (t.tokens.length === 1) return { term: { grams: { value: t.tokens[0]! } } };
  return { match_phrase: { grams: { query: t.tokens.join(' '), analyzer: 'whitespace', slop: 0 } } };
}

/**
 * The filter clauses: every term, every facet filter, and the section scope. Null when the scope is an
 * empty list (the user sees no section): nothing can match. Everything is in filter context, unscored:
 * hits are ordered by `seq`, as the embedded index orders by rowid.
 */
export function queryOf(q: SearchQuery, terms: QueryTerm[]): estypes.QueryDslQueryContainer | null {
  const filter: estypes.QueryDslQueryContainer[] = terms.map(termQuery);
  for (const [facet, value] of Object.entries(q.filters)) {
    if (facet === 'sections' || value === undefined) continue;
    filter.push({ term: { [`facets.${facet}`]: { value: String(value as string | number) } } });
  }
  if (q.filters.sections) {
    if (q.filters.sections.length === 0) return null;
    filter.push({ terms: { 'facets.section': q.filters.sections } });
  }
  return filter.length ? { bool: { filter } } : { match_all: {} };
}

/** Newest-indexed first; the item id breaks a tie between two writers' equal stamps. */
export const SORT: estypes.SortCombinations[] = [{ seq: { order: 'desc' } }, { itemId: { order: 'desc' } }];

export const FACET_AGGREGATIONS: Record<string, estypes.AggregationsAggregationContainer> =
  Object.fromEntries(FACET_NAMES.map((f) => [f, { terms: { field: `facets.${f}`, size: FACET_BUCKETS } }]));

type FacetBuckets = estypes.AggregationsStringTermsAggregate;

/**
 * Facet counts from the terms aggregations, which run over every match (one shard: the counts are
 * exact), in the embedded index's order: most frequent first, then by value.
 */
export function facetsOf(aggregations: Record<string, estypes.AggregationsAggregate> | undefined): {
  facets: SearchResult['facets'];
  exact: boolean;
} {
  const facets: SearchResult['facets'] = {};
  let exact = true;
  for (const name of FACET_NAMES) {
    const agg = aggregations?.[name] as FacetBuckets | undefined;
    if (!agg) continue;
    if ((agg.sum_other_doc_count ?? 0) > 0 || (agg.doc_count_error_upper_bound ?? 0) > 0) exact = false;
    const buckets = Array.isArray(agg.buckets) ? agg.buckets : Object.values(agg.buckets);
    const list = buckets.map((b) => ({ value: String(b.key), count: b.doc_count }));
    if (list.length === 0) continue;
    list.sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    facets[name as FacetName] = list;
  }
  return { facets, exact };
}

/**
 * The cursor is the last hit's sort values (`search_after`), opaque to the caller. A cursor that does
 * not decode to exactly that shape is refused as the embedded index refuses one: `request.bad_cursor`.
 */
export function encodeCursor(sort: estypes.SortResults): string {
  return Buffer.from(`s${String(sort[0])}.${String(sort[1])}`).toString('base64url');
}

export function decodeCursor(cursor: string): [number, string] {
  const m = /^s(\d{1,16})\.([A-Za-z0-9_-]{1,64})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m || !Number.isSafeInteger(Number(m[1])))
    throw invalid('request.bad_cursor', 'The cursor is not one this server issued.');
  return [Number(m[1]), m[2]!];
}
