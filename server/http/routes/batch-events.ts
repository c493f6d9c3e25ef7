import type { Request, Response } from 'express';
import type { Actor } from '../../core/access/actor';
import type { CoreDeps, RequestContext } from '../../core/deps';
import { batchProgress } from '../../core/ingest/read-batches';

const POLL_MS = 500;

/**
 * Server-sent events for one batch: a `progress` event whenever the batch changes, `done` when every
 * item is filed, in review or failed. The first read is audited; the polls that follow are not.
 */
export async function streamBatchEvents(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  id: string,
  req: Request,
  res: Response,
): Promise<undefined> {
  let last = JSON.stringify(await batchProgress(deps, actor, ctx, id));
  res.status(200).set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  let closed = false;
  req.on('close', () => (closed = true));
  const send = (event: string, data: string) => res.write(`event: ${event}\ndata: ${data}\n\n`);
  send('progress', last);
  while (!closed) {
    const progress = await batchProgress(deps, actor, ctx, id, false);
    const now = JSON.stringify(progress);
    if (now !== last) send('progress', (last = now));
    if (
      progress.batch.status === 'done' ||
      (progress.batch.status === 'processing' && progress.counts.processing === 0)
    ) {
      send('done', now);
      break;
    }
    await new Promise((ok) => setTimeout(ok, POLL_MS));
  }
  res.end();
  return undefined;
}
