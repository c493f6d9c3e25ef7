import type { FacetName } from '../../server/core/search/search-index.port';

/**
 * Facet values are dictionary-coded and packed into one integer per document so that counting every
 * facet of every match is a single GROUP BY. Bits per facet (52 in all, within JavaScript's safe range).
 */
export const PACKING: readonly { facet: FacetName; bits: number }[] = [
  { facet: 'year', bits: 8 },
  { facet: 'classCode', bits: 8 },
  { facet: 'insuranceType', bits: 8 },
  { facet: 'retention', bits: 8 },
  { facet: 'status', bits: 8 },
  { facet: 'businessStep', bits: 12 },
];

export function pack(codes: Record<FacetName, number>): number {
  let packed = 0;
  for (const { facet, bits } of PACKING) packed = packed * 2 ** bits + (codes[facet] ?? 0);
  return packed;
}

export function unpack(packed: number): Partial<Record<FacetName, number>> {
  const out: Partial<Record<FacetName, number>> = {};
  let rest = packed;
  for (const { facet, bits } of [...PACKING].reverse()) {
    const size = 2 ** bits;
    out[facet] = rest % size;
    rest = Math.floor(rest / size);
  }
  return out;
}

export const capacityOf = (facet: FacetName): number =>
  2 ** (PACKING.find((p) => p.facet === facet)?.bits ?? 0) - 1;

/** A filter token for the `facets` column: letters and hex digits only, so it is one unicode61 token. */
export function facetToken(facet: string, value: string | number): string {
  return `f${facet.toLowerCase()}x${Buffer.from(String(value), 'utf8').toString('hex')}`;
}
