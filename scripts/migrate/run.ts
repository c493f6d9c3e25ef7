import { migrateAccounts } from './accounts';
import { migrateAudit } from './audit';
import { migrateBlobs } from './blobs';
import { migrateCatalogue } from './catalogue';
import { MigrationContext, type MigrationOptions } from './context';
import type { Source, Target } from './endpoints';
import { claimTarget } from './identity';
import { migrateBatches, migrateDrafts, migrateFingerprints, migrateTitleVariants } from './ingest';
import { migrateItems, migrateNumbering } from './items';
import { migrateJobs } from './jobs';
import { migrateClaims, migrateRecords, migrateSequences } from './records';
import { reportOf, type KindReport, type MigrationReport } from './report';
import { migrateSearch } from './search';

/**
 * Copies an embedded installation into the production stores, kind by kind, and compares both sides.
 *
 * The order makes a partial copy usable as far as it goes: the catalogue and accounts first, the blobs
 * before the items that name them, the items before what refers to them (drafts, records, jobs, index
 * entries), the audit trail last. Every step copies only what is missing, so a run after a kill at any
 * point, or a second run, ends with the same target; big kinds record their progress in the target
 * (`migration_state`), so a resumed run does not check again what an earlier run finished. Throws
 * `MigrationRefused` (nothing written) when the target holds another installation's data, and
 * `MigrationAborted` when `options.signal` stops it.
 */
export async function migrate(
  source: Source,
  target: Target,
  options: MigrationOptions = {},
): Promise<MigrationReport> {
  const ctx = new MigrationContext(source, target, options);
  await claimTarget(ctx);
  const kinds: KindReport[] = [];
  kinds.push(await migrateCatalogue(ctx));
  kinds.push(await migrateAccounts(ctx));
  kinds.push(await migrateBlobs(ctx));
  kinds.push(await migrateItems(ctx));
  kinds.push(await migrateNumbering(ctx));
  kinds.push(...(await migrateBatches(ctx)));
  kinds.push(await migrateDrafts(ctx));
  kinds.push(await migrateFingerprints(ctx));
  kinds.push(await migrateTitleVariants(ctx));
  kinds.push(await migrateRecords(ctx));
  kinds.push(await migrateClaims(ctx));
  kinds.push(await migrateSequences(ctx));
  kinds.push(await migrateJobs(ctx));
  kinds.push(await migrateSearch(ctx));
  kinds.push(await migrateAudit(ctx));
  return reportOf(kinds);
}
