import type { Collection, Db } from 'mongodb';
import type { Account, AccountRepository, Session } from '../../core/accounts/account.model';
import type { AccountId } from '../../core/shared/ids';
import { conflict, notFound } from '../../core/shared/errors';
import { isUniqueViolation, rethrow } from './mongo.shared-errors';

/** An account whole, beside its username folded for the unique, case-insensitive lookup. */
interface AccountDocument {
  _id: string;
  usernameKey: string;
  account: Account;
}

/** A session, keyed by the SHA-256 of its token (the token itself is never stored). */
interface SessionDocument {
  _id: string;
  accountId: string;
  createdAt: string;
  expiresAt: string;
}

/**
 * The username as SQLite's NOCASE collation compares it: ASCII letters folded, nothing else. FerretDB has
 * no collations, so the folded copy carries the unique index (`accounts_username`) and the sort order.
 */
export const usernameKey = (username: string): string => username.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Accounts and sessions in MongoDB (`accounts`, `sessions`). */
export class MongoAccountRepository implements AccountRepository {
  private readonly accounts: Collection<AccountDocument>;
  private readonly sessions: Collection<SessionDocument>;

  constructor(db: Db) {
    this.accounts = db.collection<AccountDocument>('accounts');
    this.sessions = db.collection<SessionDocument>('sessions');
  }

  async insert(account: Account): Promise<void> {
    try {
      await this.accounts.insertOne({ _id: account.id, usernameKey: usernameKey(account.username), account });
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict('account.exists', `The username ${account.username} is taken.`);
      rethrow('Could not create the account.', e);
    }
  }

  /**
   * The port's update is a blind overwrite (SQLite: `UPDATE … WHERE id`, no revision to compare), so it
   * is written as one whole-document replacement whose result does not depend on anything read: FerretDB
   * v1 runs it as read-then-write too, but a replacement that names every field writes the same document
   * whatever it read, so two concurrent updates leave one of them whole, as on SQLite and MongoDB. No
   * ticket is needed (a ticket decides between writers of one revision; an account has none), and the
   * unique index on the folded username refuses a rename onto a taken name on both servers (FerretDB
   * enforces it in SQLite as the row is written).
   */
  async update(account: Account): Promise<void> {
    try {
      const { matchedCount } = await this.accounts.replaceOne(
        { _id: account.id },
        { usernameKey: usernameKey(account.username), account },
      );
      if (matchedCount === 0) throw notFound('account.not_found', `No account ${account.id}.`);
    } catch (e) {
      if (isUniqueViolation(e))
        throw conflict('account.exists', `The username ${account.username} is taken.`);
      rethrow('Could not update the account.', e);
    }
  }

  async getById(id: AccountId): Promise<Account | null> {
    try {
      return (await this.accounts.findOne({ _id: id }))?.account ?? null;
    } catch (e) {
      rethrow('Could not read the account.', e);
    }
  }

  async getByUsername(username: string): Promise<Account | null> {
    try {
      return (await this.accounts.findOne({ usernameKey: usernameKey(username) }))?.account ?? null;
    } catch (e) {
      rethrow('Could not read the account.', e);
    }
  }

  async list(): Promise<Account[]> {
    try {
      const docs = await this.accounts.find({}).sort({ usernameKey: 1 }).toArray();
      return docs.map((d) => d.account);
    } catch (e) {
      rethrow('Could not list accounts.', e);
    }
  }

  async createSession(s: Session): Promise<void> {
    try {
      await this.sessions.insertOne({
        _id: s.tokenHash,
        accountId: s.accountId,
        createdAt: s.createdAt,
        expiresAt: s.expiresAt,
      });
    } catch (e) {
      rethrow('Could not create the session.', e);
    }
  }

  async getSession(tokenHash: string): Promise<Session | null> {
    try {
      const d = await this.sessions.findOne({ _id: tokenHash });
      return d
        ? {
            tokenHash: d._id,
            accountId: d.accountId as AccountId,
            createdAt: d.createdAt,
            expiresAt: d.expiresAt,
          }
        : null;
    } catch (e) {
      rethrow('Could not read the session.', e);
    }
  }

  async deleteSession(tokenHash: string): Promise<void> {
    try {
      await this.sessions.deleteOne({ _id: tokenHash });
    } catch (e) {
      rethrow('Could not delete the session.', e);
    }
  }

  async deleteSessionsOf(accountId: AccountId): Promise<void> {
    try {
      await this.sessions.deleteMany({ accountId });
    } catch (e) {
      rethrow('Could not delete the sessions.', e);
    }
  }
}
