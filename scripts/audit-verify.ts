import { resolve } from 'node:path';
import { parseConfig } from '../server/main/config';
import { openEmbedded } from '../server/main/embedded';
import { verifyAuditChain } from '../server/core/audit/verify-audit-chain';

/**
 * `npm run audit:verify`: walks the hash-chained audit trail from the first entry and reports the first
 * broken link (an entry edited or removed). Exit code 0 when intact, 2 when broken.
 */
async function main(): Promise<void> {
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error(parsed.problems.join('\n'));
    process.exit(1);
  }
  const stores = openEmbedded(resolve(parsed.config.ARCHIVE_DATA_DIR));
  try {
    const report = await verifyAuditChain(stores.deps.audit);
    if (report.ok) {
      console.log(`audit trail intact: ${report.entries} entries, last hash ${report.lastHash}`);
    } else {
      console.error(
        `audit trail BROKEN at entry ${report.brokenAt} (${report.reason}); ${report.entries} entries before it verify.`,
      );
      process.exitCode = 2;
    }
  } finally {
    stores.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
