import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PasswordHasher } from '../../core/accounts/account.model';

const scrypt = (password: string, salt: Buffer, keylen: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) =>
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key))),
  );

/** scrypt (N=2^15, r=8, p=1), stored as `scrypt$N$r$p$salt$hash` so parameters can be raised later. */
export class ScryptPasswordHasher implements PasswordHasher {
  constructor(private readonly cost = 2 ** 15) {}

  async hash(password: string): Promise<string> {
    const salt = randomBytes(16);
    const key = await scrypt(password, salt, 32, { N: this.cost, r: 8, p: 1, maxmem: 64 * 1024 * 1024 });
    return ['scrypt', this.cost, 8, 1, salt.toString('base64url'), key.toString('base64url')].join('$');
  }

  async verify(password: string, stored: string): Promise<boolean> {
    const [alg, n, r, p, salt, hash] = stored.split('$');
    const [cost, blockSize, parallel] = [Number(n), Number(r), Number(p)];
    const sane = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
    // A stored value this hasher did not make (or a corrupt one) verifies nothing; it never throws.
    if (
      alg !== 'scrypt' ||
      !salt ||
      !hash ||
      !sane(cost, 2 ** 20) ||
      !sane(blockSize, 32) ||
      !sane(parallel, 16)
    )
      return false;
    const expected = Buffer.from(hash, 'base64url');
    if (expected.length < 16) return false;
    try {
      const key = await scrypt(password, Buffer.from(salt, 'base64url'), expected.length, {
        N: cost,
        r: blockSize,
        p: parallel,
        maxmem: 64 * 1024 * 1024,
      });
      return timingSafeEqual(key, expected);
    } catch {
      return false;
    }
  }
}
