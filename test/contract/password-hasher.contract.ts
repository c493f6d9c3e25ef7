import type { PasswordHasher } from '../../server/core/accounts/account.model';

/** The PasswordHasher contract: every hasher verifies what it hashed and nothing else. */
export function passwordHasherContract(name: string, make: () => PasswordHasher): void {
  describe(`PasswordHasher contract: ${name}`, () => {
    const hasher = make();

    it('verifies the password it hashed, and no other', async () => {
      const hash = await hasher.hash('correct-horse-battery');
      expect(hash).not.toContain('correct-horse-battery');
      expect(await hasher.verify('correct-horse-battery', hash)).toBe(true);
      expect(await hasher.verify('correct-horse-batterY', hash)).toBe(false);
      expect(await hasher.verify('', hash)).toBe(false);
    });

    it('salts: the same password hashes differently each time, and both verify', async () => {
      const a = await hasher.hash('密码口令-2025');
      const b = await hasher.hash('密码口令-2025');
      expect(a).not.toBe(b);
      expect(await hasher.verify('密码口令-2025', a)).toBe(true);
      expect(await hasher.verify('密码口令-2025', b)).toBe(true);
    });

    it('answers false, without throwing, for a stored value it did not make', async () => {
      for (const stored of [
        '',
        'plaintext',
        'scrypt$x$y$z',
        'scrypt$abc$8$1$c2FsdA$aGFzaA',
        '$2b$10$abcdefghijklmnopqrstuv',
      ]) {
        await expect(hasher.verify('anything', stored)).resolves.toBe(false);
      }
    });
  });
}
