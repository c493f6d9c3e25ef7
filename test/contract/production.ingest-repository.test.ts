import { MongoIngestRepository } from '../../server/adapters/mongodb/mongo.ingest-repository';
import { WORKFLOW_INDEXES } from '../../storage-config/mongodb/workflow-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { ingestRepositoryContract } from './ingest-repository.contract';

describeOnServer('mongodb', 'IngestRepository on MongoDB', (url) =>
  ingestRepositoryContract('MongoIngestRepository', async () => {
    const { db, cleanup } = await freshMongoDatabase(url, WORKFLOW_INDEXES);
    return { repo: new MongoIngestRepository(db), cleanup };
  }),
);
