import type { Account, AccountRepository, Session } from '../../server/core/accounts/account.model';
import { DomainError } from '../../server/core/shared/errors';
import { newId, type AccountId } from '../../server/core/shared/ids';

export interface AccountRepositoryFixture {
  accounts: AccountRepository;
  cleanup(): Promise<void>;
}

function account(username: string, over: Partial<Account> = {}): Account {
  return {
    id: newId<'AccountId'>('acc'),
    username,
    displayName: `用户 ${username}`,
    passwordHash: `scrypt$salt$${username}`,
    roles: ['clerk'],
    section: '养老保险科',
    disabled: false,
    failedLogins: 0,
    lockedUntil: null,
    createdAt: '2025-03-01T08:00:00.000Z',
    updatedAt: '2025-03-01T08:00:00.000Z',
    ...over,
  };
}

function session(tokenHash: string, accountId: AccountId): Session {
  return {
    tokenHash,
    accountId,
    createdAt: '2025-03-01T08:00:00.000Z',
    expiresAt: '2025-03-01T16:00:00.000Z',
  };
}

async function rejection(p: Promise<unknown>): Promise<DomainError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a rejection');
}

const hash = (c: string): string => c.repeat(64);

/** The AccountRepository contract: every adapter must pass it unchanged. `make` returns a fresh, empty one. */
export function accountRepositoryContract(name: string, make: () => Promise<AccountRepositoryFixture>): void {
  describe(`AccountRepository contract: ${name}`, () => {
    let fx: AccountRepositoryFixture;
    let repo: AccountRepository;
    beforeEach(async () => {
      fx = await make();
      repo = fx.accounts;
    });
    afterEach(async () => {
      await fx.cleanup();
    });

    it('insert, then getById and getByUsername return the account as written', async () => {
      const admin = account('admin', {
        roles: ['sysadmin'],
        section: null,
        lockedUntil: '2025-03-01T09:00:00.000Z',
      });
      const clerk = account('clerk1');
      await repo.insert(admin);
      await repo.insert(clerk);
      expect(await repo.getById(admin.id)).toEqual(admin);
      expect(await repo.getByUsername('admin')).toEqual(admin);
      expect(await repo.getByUsername('clerk1')).toEqual(clerk);
      expect(await repo.getById(newId<'AccountId'>('acc'))).toBeNull();
      expect(await repo.getByUsername('nobody')).toBeNull();
    });

    it('getByUsername is case-insensitive', async () => {
      const admin = account('admin');
      await repo.insert(admin);
      expect(await repo.getByUsername('ADMIN')).toEqual(admin);
      expect(await repo.getByUsername('Admin')).toEqual(admin);
      expect(await repo.getByUsername('admin2')).toBeNull();
    });

    it('a duplicate username, in any case, is refused with account.exists', async () => {
      const admin = account('admin');
      await repo.insert(admin);
      const same = await rejection(repo.insert(account('admin', { displayName: 'impostor' })));
      expect(same.code).toBe('account.exists');
      const upper = await rejection(repo.insert(account('ADMIN', { displayName: 'impostor' })));
      expect(upper.code).toBe('account.exists');
      expect(await repo.getByUsername('admin')).toEqual(admin);
      expect(await repo.list()).toHaveLength(1);
    });

    it('update persists every field', async () => {
      const a = account('clerk1');
      await repo.insert(a);
      const next: Account = {
        ...a,
        displayName: '改名',
        passwordHash: 'scrypt$new$hash',
        roles: ['archivist', 'borrower'],
        section: null,
        disabled: true,
        failedLogins: 3,
        lockedUntil: '2025-03-01T08:15:00.000Z',
        updatedAt: '2025-03-01T08:10:00.000Z',
      };
      await repo.update(next);
      expect(await repo.getById(a.id)).toEqual(next);
      expect(await repo.getByUsername('clerk1')).toEqual(next);
      await repo.update({ ...next, failedLogins: 0, lockedUntil: null });
      expect(await repo.getById(a.id)).toMatchObject({ failedLogins: 0, lockedUntil: null, disabled: true });
    });

    it('update of an unknown id is refused with account.not_found, and creates nothing', async () => {
      const err = await rejection(repo.update(account('ghost')));
      expect(err.code).toBe('account.not_found');
      expect(await repo.getByUsername('ghost')).toBeNull();
      expect(await repo.list()).toEqual([]);
    });

    it('list returns every account sorted by username', async () => {
      for (const u of ['carol', 'alice', 'dave', 'bob']) await repo.insert(account(u));
      expect((await repo.list()).map((a) => a.username)).toEqual(['alice', 'bob', 'carol', 'dave']);
    });

    it('sessions: create, get and delete', async () => {
      const a = account('clerk1');
      await repo.insert(a);
      const s = session(hash('a'), a.id);
      await repo.createSession(s);
      expect(await repo.getSession(hash('a'))).toEqual(s);
      expect(await repo.getSession(hash('b'))).toBeNull();
      await repo.deleteSession(hash('a'));
      expect(await repo.getSession(hash('a'))).toBeNull();
      await expect(repo.deleteSession(hash('a'))).resolves.toBeUndefined();
    });

    it("deleteSessionsOf removes only that account's sessions", async () => {
      const a = account('alice');
      const b = account('bob');
      await repo.insert(a);
      await repo.insert(b);
      await repo.createSession(session(hash('1'), a.id));
      await repo.createSession(session(hash('2'), a.id));
      await repo.createSession(session(hash('3'), b.id));
      await repo.deleteSessionsOf(a.id);
      expect(await repo.getSession(hash('1'))).toBeNull();
      expect(await repo.getSession(hash('2'))).toBeNull();
      expect(await repo.getSession(hash('3'))).toEqual(session(hash('3'), b.id));
      await expect(repo.deleteSessionsOf(a.id)).resolves.toBeUndefined();
      expect(await repo.getById(a.id)).toEqual(a);
    });
  });
}
