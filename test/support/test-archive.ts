import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openEmbedded } from '../../server/main/embedded';
import type { Stores } from '../../server/main/stores';
import { openProductionForTest, type TestBackend } from './test-backends';
import { assembleArchive, type Archive } from '../../server/main/archive';
import { createApp } from '../../server/http/app';
import { bootstrapAdmin, seedAccount } from '../../server/core/accounts/account-service';
import { createFonds } from '../../server/core/catalogue/catalogue-service';
import { SYSTEM_ACTOR } from '../../server/core/access/actor';
import type { Role } from '../../server/core/access/roles';
import type { Clock } from '../../server/core/shared/clock.port';
import { checkReadiness } from '../../server/ops/readiness';
import { createMetrics } from '../../server/ops/metrics';

export const PASSWORD = 'correct-horse-battery';

export interface TestArchive {
  url: string;
  archive: Archive;
  stores: Stores;
  backend: TestBackend;
  dataDir: string;
  login(username: string, password?: string): Promise<string>;
  api(
    token: string | null,
    path: string,
    init?: RequestInit,
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

const ACCOUNTS: [string, Role[], string | null][] = [
  ['archivist', ['archivist'], null],
  ['clerk', ['clerk'], '养老保险科'],
  ['clerk2', ['clerk'], '工伤保险科'],
  ['head', ['section_head'], '养老保险科'],
  ['approver', ['approver'], null],
  ['appraiser', ['appraiser'], null],
  ['head2', ['section_head'], '工伤保险科'],
  ['appraiser2', ['appraiser'], null],
  ['supervisor1', ['supervisor'], null],
  ['supervisor2', ['supervisor'], null],
  ['borrower', ['borrower'], null],
  ['security', ['security_officer'], null],
  ['auditor', ['auditor'], null],
];

/**
 * A real archive served over HTTP on a free port: on the embedded profile in a temp directory, or (backend
 * `production`) on the test servers' MongoDB, MinIO and Elasticsearch with a database, buckets and alias of
 * its own, dropped on close.
 */
export async function startTestArchive(
  options: {
    maxFileBytes?: number;
    maxFiles?: number;
    clock?: Clock;
    backend?: TestBackend;
    metricsToken?: string;
  } = {},
): Promise<TestArchive> {
  const dataDir = mkdtempSync(join(tmpdir(), 'archive-test-'));
  const storeOptions = { passwordCost: 2 ** 10, ...(options.clock ? { clock: options.clock } : {}) };
  const backend = options.backend ?? 'embedded';
  let drop = async () => undefined as void;
  let stores: Stores;
  if (backend === 'production') {
    const opened = await openProductionForTest(dataDir, storeOptions);
    stores = opened.stores;
    drop = opened.drop;
  } else stores = openEmbedded(dataDir, storeOptions);
  const log = pino({ level: 'silent' });
  const archive = await assembleArchive(stores.deps, log, 2);
  await archive.startWorker();
  await bootstrapAdmin(archive.deps, PASSWORD);
  for (const [username, roles, section] of ACCOUNTS) {
    await seedAccount(archive.deps, { username, displayName: username, password: PASSWORD, roles, section });
  }
  await createFonds(archive.deps, SYSTEM_ACTOR, { requestId: null }, '160', {
    name: '重庆市涪陵区社会保险局',
  });
  const app = createApp({
    deps: archive.deps,
    log,
    uploads: {
      dir: stores.layout.uploads,
      maxFileBytes: options.maxFileBytes ?? 5 * 1024 * 1024,
      maxFiles: options.maxFiles ?? 10,
    },
    secureCookies: false,
    ops: {
      live: () => ({ profile: stores.profile }),
      ready: () => checkReadiness(stores.probes),
      metrics: createMetrics({ jobs: archive.deps.jobs, role: 'all', profile: stores.profile }),
      ...(options.metricsToken ? { metricsToken: options.metricsToken } : {}),
    },
  });
  const server: Server = createServer(app);
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const api: TestArchive['api'] = async (token, path, init = {}) => {
    const headers = new Headers(init.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    if (typeof init.body === 'string' && !headers.has('content-type'))
      headers.set('content-type', 'application/json');
    const res = await fetch(url + path, { ...init, headers });
    const type = res.headers.get('content-type') ?? '';
    const body = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body, headers: res.headers };
  };
  return {
    url,
    archive,
    stores,
    backend,
    dataDir,
    api,
    async login(username, password = PASSWORD) {
      const r = await api(null, '/api/auth/login', {
        method: 'POST',
        body: JSON.stringify({ username, password }),
      });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.token as string;
    },
    async close() {
      await new Promise((ok) => server.close(ok));
      await archive.stop();
      await stores.close();
      await drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A tiny valid PNG (1×1, grey), and a JPEG header for type-sniffing tests. */
export const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010800000000' +
    '3a7e9b550000000a49444154789c636800000082008177cd72b60000000049454e44ae426082',
  'hex',
);

export function itemForm(
  metadata: unknown,
  pages: { name: string; data: Buffer; type?: string }[] = [],
): FormData {
  const form = new FormData();
  form.append('metadata', typeof metadata === 'string' ? metadata : JSON.stringify(metadata));
  for (const p of pages)
    form.append('pages', new Blob([p.data], { type: p.type ?? 'application/octet-stream' }), p.name);
  return form;
}

export const ITEM = {
  fondsCode: '160',
  year: 2013,
  businessStep: 'GX-01',
  title: '张伟在职职工增员申报表',
  date: '20130517',
  persons: [{ name: '张伟', residentId: '500102199001014517' }],
  units: [{ name: '重庆市涪陵区永利建筑工程有限公司', creditCode: '91350100M000100Y43' }],
};
