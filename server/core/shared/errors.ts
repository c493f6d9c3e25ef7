/**
 * Domain errors carry a stable, dotted `code` (`item.not_found`) and never an HTTP status:
 * the HTTP layer owns the single table that maps codes to statuses.
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'locked'
  | 'too_large'
  | 'unavailable';

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const invalid = (code: string, message: string, details?: unknown) =>
  new DomainError(code, 'invalid', message, details);
export const notFound = (code: string, message: string) => new DomainError(code, 'not_found', message);
export const forbidden = (code: string, message: string) => new DomainError(code, 'forbidden', message);
export const conflict = (code: string, message: string, details?: unknown) =>
  new DomainError(code, 'conflict', message, details);
export const unauthenticated = (code: string, message: string) =>
  new DomainError(code, 'unauthenticated', message);

/**
 * Raised by adapters around driver failures. `retryable` says whether trying again may help
 * (a busy database, a dropped connection) or not (a constraint violation, a corrupt file).
 */
export class StorageError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StorageError';
  }
}
