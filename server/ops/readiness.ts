/**
 * Readiness: whether each store this process depends on answers now. Liveness (`/api/health`) only says the
 * process runs; readiness (`/api/health/ready`) is what a load balancer or orchestrator should route by,
 * so a process whose database is unreachable stops receiving requests instead of failing them.
 */
export type StoreProbe = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

export async function checkReadiness(
  probes: Record<string, StoreProbe>,
  timeoutMs = 3000,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(probes).map(async ([name, probe]) => {
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          probe(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
          }),
        ]);
        return [name, { ok: true, ms: Date.now() - started }] as const;
      } catch (e) {
        // The probe's own message only: driver errors can carry a connection string with a password.
        const error = e instanceof Error ? e.message.replace(/\/\/[^@/\s]*@/g, '//***@') : 'failed';
        return [name, { ok: false, ms: Date.now() - started, error }] as const;
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  const checks = Object.fromEntries(entries);
  return { ready: entries.every(([, c]) => c.ok), checks };
}
