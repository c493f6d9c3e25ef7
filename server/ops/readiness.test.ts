import { checkReadiness } from './readiness';

describe('readiness', () => {
  it('is ready when every probe answers', async () => {
    const r = await checkReadiness({ a: async () => undefined, b: async () => undefined });
    expect(r.ready).toBe(true);
    expect(r.checks.a?.ok).toBe(true);
    expect(r.checks.b?.ok).toBe(true);
  });

  it('is not ready when one probe fails, and names it without the secret in its message', async () => {
    const r = await checkReadiness({
      ok: async () => undefined,
      db: async () => {
        throw new Error('connect ECONNREFUSED mongodb://archive:s3cret@db1:27017');
      },
    });
    expect(r.ready).toBe(false);
    expect(r.checks.ok?.ok).toBe(true);
    expect(r.checks.db?.ok).toBe(false);
    expect(r.checks.db?.error).toContain('ECONNREFUSED');
    expect(r.checks.db?.error).not.toContain('s3cret');
  });

  it('is not ready when a probe does not answer in time', async () => {
    const r = await checkReadiness({ slow: () => new Promise(() => undefined) }, 50);
    expect(r.ready).toBe(false);
    expect(r.checks.slow?.error).toMatch(/no answer within 50 ms/);
  });
});
