import { MongoItemRepository } from '../../server/adapters/mongodb/mongo.item-repository';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { itemRepositoryContract } from './item-repository.contract';

// FerretDB over SQLite takes a few milliseconds per write: the 1,001 items of the batch-scan test need
// more than jest's default five seconds.
jest.setTimeout(60_000);

describeOnServer('mongodb', 'MongoDB ItemRepository', (url) =>
  itemRepositoryContract('MongoDB', async () => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    return { repo: new MongoItemRepository(t.db), cleanup: t.cleanup };
  }),
);
