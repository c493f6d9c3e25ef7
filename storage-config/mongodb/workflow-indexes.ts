import type { IndexDescription } from 'mongodb';
import type { CollectionIndexes } from '../../server/adapters/mongodb/mongo.database';
import {
  BATCH_FILES,
  BATCHES,
  DRAFTS,
  FINGERPRINTS,
  TITLE_VARIANTS,
} from '../../server/adapters/mongodb/mongo.ingest-repository';
import { CLAIMS, recordCollectionName, SEQUENCES } from '../../server/adapters/mongodb/mongo.record-store';
import { REVISIONS } from '../../server/adapters/mongodb/mongo.shared-revisions';
import { CLAIM_SWEEP } from '../../server/core/records/repair-claims';
import { DUE_SNAPSHOTS } from '../../server/core/retention/due-list';
import { SAVED_SEARCHES } from '../../server/core/search/saved-searches';
import { TRANSFERS, VOLUMES } from '../../server/core/transfers/transfer-access';

/**
 * A record kind's lists: the `order` index serves unfiltered lists (newest first, keyset by `order`);
 * each field index serves `list`/`all` with equality (or array membership) on that field and the same
 * order, so a dashboard counting pending loans of one approver reads only those. Where the core filters
 * on two fields, the more selective one is indexed and the other is checked on the few it finds.
 */
function recordKind(kind: string, fields: string[][]): CollectionIndexes {
  const indexes: IndexDescription[] = [{ key: { order: 1 }, name: 'order', unique: true }];
  for (const group of fields)
    indexes.push({
      key: { ...Object.fromEntries(group.map((f) => [`body.${f}`, 1])), order: -1 },
      name: `${group.join('_')}_order`,
    });
  return { collection: recordCollectionName(kind), indexes };
}

/**
 * The record kinds the core keeps (`deps.records.collection(kind)`), with the fields its lists filter on
 * (grep `.list(` and `.all(` in server/core). A kind missing here still works, unindexed.
 */
const RECORD_KINDS: CollectionIndexes[] = [
  // Loans: the approver's queue (`pendingWith`), the desk by status, a borrower's own requests.
  recordKind('loan', [['status'], ['pendingWith'], ['borrowerAccountId']]),
  recordKind('loan_policy', []),
  recordKind(TRANSFERS, [['status'], ['section']]),
  recordKind(VOLUMES, [['section'], ['itemIds'], ['year', 'month']]),
  // Boxes: packing (`group`), the storage map (`roomId`), shelves, the box list's filters.
  recordKind('box', [['group'], ['roomId'], ['shelfId'], ['status'], ['fondsCode', 'year']]),
  recordKind('box_type', []),
  recordKind('location', [['parentId'], ['kind'], ['roomId']]),
  // Movements: an item's or box's history and what is still out, the register by direction.
  recordKind('movement', [['subjectId'], ['direction']]),
  recordKind('appraisal', [['status'], ['fondsCode']]),
  recordKind('destruction_list', [['status'], ['itemIds']]),
  recordKind(DUE_SNAPSHOTS, []),
  recordKind(SAVED_SEARCHES, [['accountId']]),
  recordKind(CLAIM_SWEEP, [['state']]),
];

/** Every collection the ingest repository and the workflow record store use, with its indexes. */
export const WORKFLOW_INDEXES: CollectionIndexes[] = [
  {
    collection: BATCHES,
    indexes: [
      { key: { 'body.createdAt': -1 }, name: 'createdAt' },
      { key: { 'body.section': 1, 'body.createdAt': -1 }, name: 'section_createdAt' },
    ],
  },
  { collection: BATCH_FILES, indexes: [{ key: { batchId: 1, n: 1 }, name: 'batch_n' }] },
  {
    collection: DRAFTS,
    indexes: [
      { key: { order: 1 }, name: 'order', unique: true },
      { key: { 'body.batchId': 1, order: 1 }, name: 'batch_order' },
      // The review queue: a status, within the clerk's sections.
      { key: { 'body.status': 1, 'body.section': 1, order: 1 }, name: 'status_section_order' },
      { key: { 'body.section': 1, order: 1 }, name: 'section_order' },
    ],
  },
  // `_id` is the SHA-256 of the file; `_id` is the (business step, variant) pair: no other index needed.
  { collection: FINGERPRINTS, indexes: [] },
  { collection: TITLE_VARIANTS, indexes: [{ key: { at: 1 }, name: 'at' }] },
  // A document's tickets: the newest above its head, and the superseded ones to empty.
  { collection: REVISIONS, indexes: [{ key: { of: 1, rev: -1 }, name: 'of_rev' }] },
  // `_id` is the key: exclusivity and the prefix ranges of `claims()` come from the `_id` index.
  { collection: CLAIMS, indexes: [] },
  // The highest number issued of a sequence.
  { collection: SEQUENCES, indexes: [{ key: { sequence: 1, n: -1 }, name: 'sequence_n' }] },
  ...RECORD_KINDS,
];
