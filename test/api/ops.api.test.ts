import { startTestArchive, type TestArchive } from '../support/test-archive';
import { testBackends } from '../support/test-backends';

describe.each(testBackends())('API: health, readiness and metrics [%s backends]', (backend) => {
  let t: TestArchive;
  const TOKEN = 'metrics-token-0123456789';
  beforeAll(async () => {
    t = await startTestArchive({ backend, metricsToken: TOKEN });
  }, 60_000);
  afterAll(async () => t?.close());

  it('answers liveness without a session, naming the profile', async () => {
    const r = await t.api(null, '/api/health');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ status: 'ok', profile: backend });
  });

  it('answers readiness with one check per store, all passing', async () => {
    const r = await t.api(null, '/api/health/ready');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ready');
    const stores =
      backend === 'production' ? ['mongodb', 'minio', 'elasticsearch'] : ['metadata', 'search', 'blobs'];
    expect(Object.keys(r.body.checks).sort()).toEqual(stores.sort());
    for (const s of stores) expect(r.body.checks[s].ok).toBe(true);
  });

  it('refuses /metrics without the token, and serves Prometheus text with it', async () => {
    expect((await t.api(null, '/metrics')).status).toBe(401);
    expect(
      (await t.api(null, '/metrics', { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status,
    ).toBe(401);
    const r = await t.api(null, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = r.body.toString('utf8');
    expect(text).toContain('archive_queue_jobs{state="queued"');
    expect(text).toContain('process_resident_memory_bytes');
  });

  it('records latency by route pattern and refusals by error code, never a concrete id', async () => {
    const token = await t.login('archivist');
    const id = 'itm_00000000000000000000';
    expect((await t.api(token, `/api/items/${id}`)).status).toBe(404);
    expect((await t.api(token, '/api/items?year=abc')).status).toBe(400);
    const text = (
      await t.api(null, '/metrics', { headers: { authorization: `Bearer ${TOKEN}` } })
    ).body.toString('utf8') as string;
    expect(text).toMatch(
      /archive_http_request_duration_seconds_count\{[^}]*route="\/api\/items\/:id"[^}]*status="404"/,
    );
    expect(text).toMatch(/archive_errors_total\{[^}]*code="item.not_found"[^}]*status="404"[^}]*\} 1/);
    expect(text).toMatch(/archive_errors_total\{[^}]*code="request.invalid"[^}]*status="400"/);
    expect(text).not.toContain(id);
    expect(text).toMatch(/archive_http_request_duration_seconds_count\{[^}]*profile="(embedded|production)"/);
  });
});
