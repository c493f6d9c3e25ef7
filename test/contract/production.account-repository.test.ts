import { MongoAccountRepository } from '../../server/adapters/mongodb/mongo.account-repository';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { accountRepositoryContract } from './account-repository.contract';

describeOnServer('mongodb', 'MongoDB AccountRepository', (url) =>
  accountRepositoryContract('MongoAccountRepository', async () => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    return { accounts: new MongoAccountRepository(t.db), cleanup: t.cleanup };
  }),
);
