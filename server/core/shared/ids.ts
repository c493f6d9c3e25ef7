import { randomBytes } from 'node:crypto';

/** Branded identifiers: an ItemId cannot be passed where an AccountId is expected. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
export type ItemId = Brand<string, 'ItemId'>;
export type AccountId = Brand<string, 'AccountId'>;
export type JobId = Brand<string, 'JobId'>;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * A time-ordered id (`itm_` + 10 chars of milliseconds + 10 random chars, Crockford base32),
 * so ids sort by creation and never collide across processes.
 */
export function newId<T extends string>(prefix: string, at: Date = new Date()): Brand<string, T> {
  let time = at.getTime();
  let head = '';
  for (let i = 0; i < 10; i++) {
    head = ALPHABET[time % 32] + head;
    time = Math.floor(time / 32);
  }
  const bytes = randomBytes(10);
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % 32];
  return `${prefix}_${head}${tail}` as Brand<string, T>;
}
