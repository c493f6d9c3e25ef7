import type { CoreDeps } from '../core/deps';
import type { ItemRepository } from '../core/items/item-repository.port';
import type { LocalLayout } from '../../storage-config/profiles';
import type { StoreProbe } from '../ops/readiness';

/** What a composition root (embedded.ts, production.ts) hands to the process: the ports, wired. */
export interface Stores {
  profile: 'embedded' | 'production';
  deps: CoreDeps;
  items: ItemRepository;
  /** This process's own directories (uploads being received, scratch, OCR data, hot folder). */
  layout: LocalLayout;
  /** One probe per store, for readiness. */
  probes: Record<string, StoreProbe>;
  close(): void | Promise<void>;
}
