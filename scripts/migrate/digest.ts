import { createHash } from 'node:crypto';

/** One side of a comparison: how many units, and a digest of what they are. */
export interface Side {
  count: number;
  digest: string;
}

const MODULUS = 1n << 256n;

/**
 * A digest of a multiset of strings that does not depend on their order: the sum, modulo 2²⁵⁶, of each
 * string's SHA-256. Both sides of a migration are read in whatever order their stores list fastest (a
 * million items need no sort in memory), and equal contents give equal digests. It detects accidents
 * (a unit missing, added, or at another revision), which is its purpose here, not forgery.
 */
export class MultisetDigest {
  private sum = 0n;
  private n = 0;
  private bytes: number | null = null;

  add(value: string): void {
    this.sum = (this.sum + BigInt(`0x${createHash('sha256').update(value, 'utf8').digest('hex')}`)) % MODULUS;
    this.n++;
  }

  /** Counts bytes beside the units (blobs: the report compares the total size too). */
  addBytes(bytes: number): void {
    this.bytes = (this.bytes ?? 0) + bytes;
  }

  get side(): Side {
    const hex = this.sum.toString(16).padStart(64, '0');
    return { count: this.n, digest: this.bytes === null ? hex : `${hex}, ${this.bytes} bytes` };
  }
}

/** The digest of `values` (a convenience for small sets). */
export function digestOf(values: Iterable<string>): Side {
  const d = new MultisetDigest();
  for (const v of values) d.add(v);
  return d.side;
}
