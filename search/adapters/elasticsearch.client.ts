import { Client, errors } from '@elastic/elasticsearch';
import { StorageError } from '../../server/core/shared/errors';

/**
 * A client for one Elasticsearch node or cluster (`http://host:9200`; credentials, if any, in the URL).
 * The driver retries a request on another node when a connection fails; the adapter adds no retry of
 * its own: a failed index write stays a failed job, retried by the job queue and the catch-up sweep.
 */
export function createElasticsearchClient(node: string): Client {
  return new Client({ node, maxRetries: 3, requestTimeout: 30_000 });
}

/** The HTTP status of an Elasticsearch error response, or undefined for a transport failure. */
export const statusOf = (error: unknown): number | undefined =>
  error instanceof errors.ResponseError ? error.statusCode : undefined;

/** The `error.type` of an Elasticsearch error response (`version_conflict_engine_exception`, …). */
export function errorTypeOf(error: unknown): string | undefined {
  if (!(error instanceof errors.ResponseError)) return undefined;
  const body = error.body as { error?: { type?: string } | string } | undefined;
  return typeof body?.error === 'object' ? body.error.type : undefined;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);

/**
 * Wraps a driver failure. The cause keeps only the status and error type: an Elasticsearch `reason` can
 * quote a query or a document (names, 公民身份号码), and causes end up in the logs. A write refused by a
 * write block (an index being reindexed) is retryable: the job that retries it reaches the new index.
 */
export function esFailure(message: string, error: unknown): StorageError {
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    const type = errorTypeOf(error) ?? 'unknown';
    const retryable = RETRYABLE_STATUS.has(status) || type === 'cluster_block_exception';
    return new StorageError(message, retryable, { cause: new Error(`elasticsearch ${status} ${type}`) });
  }
  const transport =
    error instanceof errors.ConnectionError ||
    error instanceof errors.TimeoutError ||
    error instanceof errors.NoLivingConnectionsError;
  const name = error instanceof Error ? error.name : 'unknown';
  return new StorageError(message, transport, { cause: new Error(`elasticsearch ${name}`) });
}
