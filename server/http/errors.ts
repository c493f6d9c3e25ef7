import type { ErrorRequestHandler } from 'express';
import { DomainError, StorageError, type ErrorKind } from '../core/shared/errors';

/** The one table from domain error kinds to HTTP statuses. */
const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  locked: 423,
  too_large: 413,
  unavailable: 503,
};

export interface HttpLog {
  error(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** Renders every error as `{error: {code, message, details?}, requestId}`; stack traces stay in the log. */
export function errorHandler(log: HttpLog): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const requestId = String(res.locals.requestId ?? '');
    let status = 500;
    let body: { code: string; message: string; details?: unknown };
    if (err instanceof DomainError) {
      status = STATUS[err.kind];
      body = {
        code: err.code,
        message: err.message,
        ...(err.details !== undefined ? { details: err.details } : {}),
      };
    } else if (isBodyParserError(err)) {
      status = err.status;
      body =
        err.type === 'entity.too.large'
          ? { code: 'request.too_large', message: 'The request body is too large.' }
          : { code: 'request.malformed_json', message: 'The request body is not valid JSON.' };
    } else if (err instanceof StorageError) {
      status = err.retryable ? 503 : 500;
      body = {
        code: err.retryable ? 'storage.busy' : 'storage.failure',
        message: err.retryable ? 'Storage is busy: try again.' : 'A storage error occurred.',
      };
      log.error({ requestId, err: { message: err.message, cause: String(err.cause) } }, 'storage error');
    } else {
      body = { code: 'internal', message: 'An internal error occurred.' };
      log.error(
        {
          requestId,
          err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err),
          path: req.path,
        },
        'unhandled error',
      );
    }
    res.locals.errorCode = body.code;
    if (status >= 400 && status < 500) log.warn({ requestId, code: body.code, status }, 'request refused');
    res.status(status).json({ error: body, requestId });
  };
}

function isBodyParserError(err: unknown): err is { status: number; type: string } {
  const e = err as { type?: string; status?: number };
  return typeof e?.type === 'string' && typeof e.status === 'number' && e.status >= 400 && e.status < 500;
}
