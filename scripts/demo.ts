/**
 * `npm run demo [-- --items N] [-- --seed S]`: fills an EMPTY data directory (ARCHIVE_DATA_DIR, default
 * ./data) with a lived-in demo fonds: fonds 160 重庆市涪陵区社会保险局, one account per role, and some
 * 3,000 items of 2009-2025 filed, accessioned and held through the core use cases, so the audit trail
 * and the search index are what real use would leave.
 *
 * ARCHIVE_DEMO_PASSWORD sets the demo accounts' password (else one is generated and printed once);
 * the `admin` account gets ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD or the same password.
 */
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseConfig } from '../server/main/config';
import { createLogger } from '../server/main/logger';
import { openEmbedded } from '../server/main/embedded';
import { assembleArchive } from '../server/main/archive';
import {
  actorOf,
  bootstrapAdmin,
  generatePassword,
  seedAccount,
} from '../server/core/accounts/account-service';
import {
  createFonds,
  currentBusinessSteps,
  currentRetentionTable,
} from '../server/core/catalogue/catalogue-service';
import { createItem, type PageUpload } from '../server/core/items/create-item';
import { accessionItem } from '../server/core/items/accession-item';
import { placeHold } from '../server/core/items/holds';
import { requestIndexing } from '../server/core/search/request-indexing';
import { itemInputSchema } from '../server/core/items/item.schemas';
import { ITEM_STATUS_LABELS } from '../server/core/items/item.model';
import type { RequestContext } from '../server/core/deps';
import { DEFAULT_SEED, DEMO_ACCOUNTS, DEMO_FONDS, generateDemoFonds, tally } from './demo/demo-fonds';
import { demoPagePng } from './demo/page-png';
import { markPreArchived } from './demo/pre-archive';

const USAGE = 'Usage: npm run demo [-- --items N] [-- --seed S]   (ARCHIVE_DATA_DIR must hold no items)';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseArgs(argv: readonly string[]): { items: number; seed: number } {
  const out = { items: 3000, seed: DEFAULT_SEED };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    }
    const m = /^--(items|seed)(?:=(.*))?$/.exec(arg);
    if (!m) fail(`Unknown argument ${arg}.\n${USAGE}`);
    const raw = m[2] ?? argv[++i];
    const n = Number(raw);
    if (raw === undefined || !Number.isInteger(n) || n < 0 || (m[1] === 'items' && n > 100_000))
      fail(
        `--${m[1]} needs a whole number${m[1] === 'items' ? ' (0-100000)' : ''}, got ${raw ?? 'nothing'}.`,
      );
    out[m[1] as 'items' | 'seed'] = n;
  }
  return out;
}

/** Width on a terminal: CJK characters take two columns. */
const width = (s: string) =>
  [...s].reduce(
    (w, ch) =>
      w +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => width(r[c] ?? ''))));
  return rows
    .map(
      (r) =>
        '  ' +
        r
          .map((cell, c) => pad(cell, widths[c]!))
          .join('  ')
          .trimEnd(),
    )
    .join('\n');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function pageUpload(bytes: Buffer, name: string): PageUpload {
  return {
    originalName: name,
    size: bytes.length,
    head: bytes.subarray(0, 16),
    async *content() {
      yield bytes;
    },
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const parsed = parseConfig(process.env);
  if (!parsed.ok) fail('Configuration errors:\n' + parsed.problems.map((p) => `  - ${p}`).join('\n'));
  const config = parsed.config;
  if (config.ARCHIVE_STORAGE_PROFILE !== 'embedded')
    fail('The demo fills the embedded profile only: use ARCHIVE_STORAGE_PROFILE=embedded.');
  const envPassword = process.env.ARCHIVE_DEMO_PASSWORD;
  if (envPassword !== undefined && envPassword.length < 10)
    fail('ARCHIVE_DEMO_PASSWORD must be at least 10 characters.');
  const password = envPassword ?? generatePassword();

  const started = performance.now();
  const dataDir = resolve(config.ARCHIVE_DATA_DIR);
  const log = createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : 'warn');
  const stores = openEmbedded(dataDir);
  const existing = await stores.deps.items.count();
  if (existing > 0) {
    stores.close();
    fail(
      `${dataDir} already holds ${existing} items: the demo fills an empty data directory only.\nPoint ARCHIVE_DATA_DIR at a new directory (or remove this one) and run it again.`,
    );
  }

  const archive = await assembleArchive(
    stores.deps,
    log.child({ module: 'worker' }),
    config.ARCHIVE_WORKER_CONCURRENCY,
  );
  const deps = archive.deps;
  await archive.startWorker();
  const ctx: RequestContext = { requestId: null };
  console.log(
    `Filling ${dataDir} with the demo fonds ${DEMO_FONDS.code} ${DEMO_FONDS.name} (${args.items} items, seed ${args.seed}).`,
  );

  try {
    // Accounts: admin first, then one per role.
    const adminPassword = config.ARCHIVE_BOOTSTRAP_ADMIN_PASSWORD ?? password;
    const admin = await bootstrapAdmin(deps, adminPassword);
    const accountRows: string[][] = [['用户名', '姓名', '角色', '科室', '密码']];
    accountRows.push([
      'admin',
      '系统管理员',
      '系统管理员 (sysadmin)',
      '',
      admin.created ? adminPassword : '(已存在，密码未改)',
    ]);
    for (const a of DEMO_ACCOUNTS) {
      const exists = await deps.accounts.getByUsername(a.username);
      if (!exists)
        await seedAccount(deps, {
          username: a.username,
          displayName: a.displayName,
          password,
          roles: [...a.roles],
          section: a.section,
        });
      accountRows.push([
        a.username,
        exists?.displayName ?? a.displayName,
        `${a.label} (${a.roles.join(', ')})`,
        a.section ?? '',
        exists ? '(已存在，密码未改)' : password,
      ]);
    }
    const archivistAccount = await deps.accounts.getByUsername('archivist');
    if (!archivistAccount) throw new Error('the archivist account is missing');
    const archivist = actorOf(archivistAccount);

    // The fonds: the archive office (the archivist) creates it.
    if (!(await deps.catalogue.current('fonds', DEMO_FONDS.code))) {
      await createFonds(deps, archivist, ctx, DEMO_FONDS.code, {
        name: DEMO_FONDS.name,
        agency: DEMO_FONDS.name,
      });
    }

    const plan = generateDemoFonds(
      {
        steps: (await currentBusinessSteps(deps)).body,
        retentionTable: (await currentRetentionTable(deps)).body,
      },
      {
        items: args.items,
        seed: args.seed,
        today: new Date().toISOString().slice(0, 10).replaceAll('-', ''),
      },
    );

    // Items, in date order, so 件号 follow the dates within each 档号 group.
    const filedAt = performance.now();
    let pageFiles = 0;
    for (const [i, planned] of plan.entries()) {
      const input = itemInputSchema.parse(planned.input);
      const pages = Array.from({ length: planned.pages }, (_, p) =>
        pageUpload(
          demoPagePng(planned.pageSeed, p + 1),
          `scan_${String(i + 1).padStart(5, '0')}_${p + 1}.png`,
        ),
      );
      pageFiles += pages.length;
      const item = await createItem(deps, archivist, ctx, input, pages);
      const id = item.id;
      if (planned.status === 'archived') await accessionItem(deps, archivist, ctx, id);
      else if (planned.status === 'pre_archived') await markPreArchived(deps, archivist, ctx, id);
      if (planned.hold) {
        await placeHold(deps, archivist, ctx, id, planned.hold);
        // placeHold writes a new revision but does not ask for re-indexing (the sweep would catch it in 5 min).
        await requestIndexing(deps, id);
      }
      if ((i + 1) % 500 === 0 || i + 1 === plan.length)
        console.log(`  ${i + 1}/${plan.length} items filed (${seconds(performance.now() - filedAt)})`);
    }

    console.log('  waiting for the search index to catch up…');
    const indexingFrom = performance.now();
    await archive.worker.drain();
    const indexedIn = performance.now() - indexingFrom;

    const classNames = new Map((await currentRetentionTable(deps)).body.classes.map((c) => [c.code, c.name]));
    const typeNames = new Map(
      (await currentBusinessSteps(deps)).body.insuranceTypes.map((t) => [t.code, t.name]),
    );
    console.log(
      `\nDone in ${seconds(performance.now() - started)} (items ${seconds(indexingFrom - filedAt)}, index catch-up ${seconds(indexedIn)}).`,
    );
    console.log(
      `${await deps.items.count()} items, ${pageFiles} page images, ${plan.filter((p) => p.hold).length} holds, in ${dataDir}\n`,
    );
    console.log('By status:');
    console.log(
      table(
        tally(plan, (p) => p.status).map(([s, n]) => [
          ITEM_STATUS_LABELS[s as keyof typeof ITEM_STATUS_LABELS],
          s,
          String(n),
        ]),
      ),
    );
    console.log('By class (类别):');
    console.log(
      table(tally(plan, (p) => p.classCode).map(([c, n]) => [c, classNames.get(c) ?? '', String(n)])),
    );
    console.log('By insurance type (险种):');
    console.log(
      table(tally(plan, (p) => p.insuranceType).map(([t, n]) => [t, typeNames.get(t) ?? '', String(n)])),
    );
    console.log('\nAccounts (the passwords are shown this once):');
    console.log(table(accountRows));
    console.log(`\nStart the archive with: ARCHIVE_DATA_DIR=${config.ARCHIVE_DATA_DIR} npm start`);
  } finally {
    await archive.stop();
    stores.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
