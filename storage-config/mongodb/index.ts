import type { CollectionIndexes } from '../../server/adapters/mongodb/mongo.database';
import { CORE_INDEXES } from './core-indexes';
import { WORKFLOW_INDEXES } from './workflow-indexes';

/** Every MongoDB index the archive declares; created (idempotently) when a process opens the database. */
export const MONGODB_INDEXES: readonly CollectionIndexes[] = [...CORE_INDEXES, ...WORKFLOW_INDEXES];
