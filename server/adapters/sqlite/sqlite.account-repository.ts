import type { Account, AccountRepository, Session } from '../../core/accounts/account.model';
import type { AccountId } from '../../core/shared/ids';
import { conflict, notFound } from '../../core/shared/errors';
import type { Db } from './sqlite.database';

/** Accounts (JSON body, unique case-insensitive username) and sessions keyed by token hash. */
export class SqliteAccountRepository implements AccountRepository {
  constructor(private readonly db: Db) {}

  async insert(account: Account): Promise<void> {
    try {
      this.db
        .prepare('INSERT INTO accounts (id, username, body) VALUES (?, ?, ?)')
        .run(account.id, account.username, JSON.stringify(account));
    } catch (e) {
      if ((e as { code?: string }).code?.startsWith('SQLITE_CONSTRAINT'))
        throw conflict('account.exists', `The username ${account.username} is taken.`);
      throw e;
    }
  }

  async update(account: Account): Promise<void> {
    const r = this.db
      .prepare('UPDATE accounts SET username = ?, body = ? WHERE id = ?')
      .run(account.username, JSON.stringify(account), account.id);
    if (r.changes === 0) throw notFound('account.not_found', `No account ${account.id}.`);
  }

  async getById(id: AccountId): Promise<Account | null> {
    const body = this.db.prepare('SELECT body FROM accounts WHERE id = ?').pluck().get(id) as
      string | undefined;
    return body ? (JSON.parse(body) as Account) : null;
  }

  async getByUsername(username: string): Promise<Account | null> {
    const body = this.db.prepare('SELECT body FROM accounts WHERE username = ?').pluck().get(username) as
      string | undefined;
    return body ? (JSON.parse(body) as Account) : null;
  }

  async list(): Promise<Account[]> {
    return (this.db.prepare('SELECT body FROM accounts ORDER BY username').pluck().all() as string[]).map(
      (b) => JSON.parse(b) as Account,
    );
  }

  async createSession(s: Session): Promise<void> {
    this.db
      .prepare('INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES (?, ?, ?, ?)')
      .run(s.tokenHash, s.accountId, s.createdAt, s.expiresAt);
  }

  async getSession(tokenHash: string): Promise<Session | null> {
    const r = this.db
      .prepare('SELECT token_hash, account_id, created_at, expires_at FROM sessions WHERE token_hash = ?')
      .get(tokenHash) as
      { token_hash: string; account_id: AccountId; created_at: string; expires_at: string } | undefined;
    return r
      ? { tokenHash: r.token_hash, accountId: r.account_id, createdAt: r.created_at, expiresAt: r.expires_at }
      : null;
  }

  async deleteSession(tokenHash: string): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE token_hash = ?').run(tokenHash);
  }

  async deleteSessionsOf(accountId: AccountId): Promise<void> {
    this.db.prepare('DELETE FROM sessions WHERE account_id = ?').run(accountId);
  }
}
