import { MongoJobQueue } from '../../server/adapters/mongodb/mongo.job-queue';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { jobQueueContract } from './job-queue.contract';

describeOnServer('mongodb', 'MongoDB JobQueue', (url) =>
  jobQueueContract('MongoJobQueue', async (clock) => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    return { queue: new MongoJobQueue(t.db, clock), cleanup: t.cleanup };
  }),
);
