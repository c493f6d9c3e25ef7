import { MongoServerError } from 'mongodb';
import { DomainError, StorageError } from '../../core/shared/errors';
import { isDuplicateKey, mongoFailure } from './mongo.database';

/**
 * A unique index (or `_id`) refused the write. MongoDB answers E11000 for inserts and updates alike;
 * FerretDB v1 over SQLite answers E11000 for an insert but code 1 (InternalError, "UNIQUE constraint
 * failed") when an *update* breaks a unique index, so both are recognised.
 */
export function isUniqueViolation(error: unknown): boolean {
  return (
    isDuplicateKey(error) ||
    (error instanceof MongoServerError && error.code === 1 && /UNIQUE constraint failed/.test(error.message))
  );
}

/** Domain errors pass through; anything else from the driver becomes a StorageError saying what failed. */
export function rethrow(message: string, error: unknown): never {
  if (error instanceof DomainError) throw error;
  throw mongoFailure(message, error);
}

/** Runs a storage step, passing domain errors through and wrapping driver failures. */
export async function guard<R>(message: string, step: () => Promise<R>): Promise<R> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof DomainError || e instanceof StorageError) throw e;
    throw mongoFailure(message, e);
  }
}
