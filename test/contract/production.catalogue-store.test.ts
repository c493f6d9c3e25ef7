import { MongoCatalogueStore } from '../../server/adapters/mongodb/mongo.catalogue-store';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { catalogueStoreContract } from './catalogue-store.contract';

describeOnServer('mongodb', 'MongoDB CatalogueStore', (url) =>
  catalogueStoreContract('MongoCatalogueStore', async () => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    return { catalogue: new MongoCatalogueStore(t.db), cleanup: t.cleanup };
  }),
);
