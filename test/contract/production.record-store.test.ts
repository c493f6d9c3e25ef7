import { MongoRecordStore } from '../../server/adapters/mongodb/mongo.record-store';
import { WORKFLOW_INDEXES } from '../../storage-config/mongodb/workflow-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { recordStoreContract } from './record-store.contract';

describeOnServer('mongodb', 'RecordStore on MongoDB', (url) =>
  recordStoreContract('MongoRecordStore', async () => {
    const { db, cleanup } = await freshMongoDatabase(url, WORKFLOW_INDEXES);
    return { records: new MongoRecordStore(db), cleanup };
  }),
);
