import type { AccountRepository, PasswordHasher } from './accounts/account.model';
import type { AuditTrail } from './audit/audit-trail.port';
import type { BlobStore } from './blobs/blob-store.port';
import type { CatalogueStore } from './catalogue/catalogue-store.port';
import type { ItemRepository } from './items/item-repository.port';
import type { JobQueue } from './jobs/job-queue.port';
import type { SearchIndex } from './search/search-index.port';
import type { Clock } from './shared/clock.port';

/** Everything the use cases need, as ports. Built once, by the composition root (server/main). */
export interface CoreDeps {
  clock: Clock;
  catalogue: CatalogueStore;
  items: ItemRepository;
  blobs: BlobStore;
  search: SearchIndex;
  jobs: JobQueue;
  audit: AuditTrail;
  accounts: AccountRepository;
  passwords: PasswordHasher;
  settings: CoreSettings;
}

export interface CoreSettings {
  /** Failed logins before an account is locked, and for how long. */
  maxFailedLogins: number;
  lockoutMinutes: number;
  sessionHours: number;
}

export const DEFAULT_SETTINGS: CoreSettings = { maxFailedLogins: 5, lockoutMinutes: 15, sessionHours: 12 };

/** Who asked and from where: threaded from the request into the audit trail. */
export interface RequestContext {
  requestId: string | null;
}
