import { MongoAuditTrail } from '../../server/adapters/mongodb/mongo.audit-trail';
import { CORE_INDEXES } from '../../storage-config/mongodb/core-indexes';
import { freshMongoDatabase } from '../support/mongo-test-database';
import { describeOnServer } from '../support/test-servers';
import { auditTrailContract } from './audit-trail.contract';

describeOnServer('mongodb', 'MongoDB AuditTrail', (url) =>
  auditTrailContract('MongoAuditTrail', async () => {
    const t = await freshMongoDatabase(url, CORE_INDEXES);
    return { trail: new MongoAuditTrail(t.db), cleanup: t.cleanup };
  }),
);
