import type { AccountId } from '../shared/ids';
import type { Role } from '../access/roles';

export interface Account {
  id: AccountId;
  username: string;
  displayName: string;
  passwordHash: string;
  roles: Role[];
  /** The business section (业务科室) of a clerk or section head. */
  section: string | null;
  disabled: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Session {
  /** SHA-256 of the bearer token: the token itself is never stored. */
  tokenHash: string;
  accountId: AccountId;
  createdAt: string;
  expiresAt: string;
}

/** Port: accounts and their sessions. */
export interface AccountRepository {
  insert(account: Account): Promise<void>;
  update(account: Account): Promise<void>;
  getById(id: AccountId): Promise<Account | null>;
  getByUsername(username: string): Promise<Account | null>;
  list(): Promise<Account[]>;
  createSession(session: Session): Promise<void>;
  getSession(tokenHash: string): Promise<Session | null>;
  deleteSession(tokenHash: string): Promise<void>;
  deleteSessionsOf(accountId: AccountId): Promise<void>;
}

/** Port: password hashing (scrypt in the embedded adapter). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(password: string, hash: string): Promise<boolean>;
}
