import type { CollectionIndexes } from '../../server/adapters/mongodb/mongo.database';
import { ITEM_REVISIONS } from '../../server/adapters/mongodb/mongo.items-document';
import { ITEMS_UNINDEXED } from '../../server/adapters/mongodb/mongo.items-unindexed';
import { JOB_KEYS, JOB_REVISIONS, JOBS } from '../../server/adapters/mongodb/mongo.job-queue';

/**
 * The indexes of the core collections (items with their tickets and index backlog, catalogue, accounts,
 * sessions, audit, jobs with their keys and tickets), created at start-up by `ensureIndexes`. Every list
 * and tally the item repository runs is served by one of them at 1,000,000 items; names given here are
 * the ones the adapters hint (mongo.items-document.ts).
 *
 * Unique indexes on optional fields are `sparse`: MongoDB then leaves out documents without the field
 * (FerretDB ignores the option but never counts a missing field as a duplicate, to the same effect).
 */
export const CORE_INDEXES: CollectionIndexes[] = [
  {
    collection: 'items',
    indexes: [
      // Lists: newest first, by one catalogue field (the planner picks the most selective one).
      { key: { seq: 1 }, name: 'items_seq', unique: true },
      { key: { fondsCode: 1, seq: -1 }, name: 'items_by_fonds' },
      { key: { year: 1, seq: -1 }, name: 'items_by_year' },
      { key: { classCode: 1, seq: -1 }, name: 'items_by_class' },
      { key: { insuranceType: 1, seq: -1 }, name: 'items_by_insurance' },
      { key: { businessStep: 1, seq: -1 }, name: 'items_by_step' },
      { key: { retention: 1, seq: -1 }, name: 'items_by_retention' },
      { key: { status: 1, seq: -1 }, name: 'items_by_status' },
      { key: { section: 1, seq: -1 }, name: 'items_by_section' },
      // A section's items of a status and year (volumes and transfers; `date` is checked on these).
      { key: { section: 1, status: 1, year: 1, seq: -1 }, name: 'items_by_section_status_year' },
      { key: { held: 1, seq: -1 }, name: 'items_by_held' },
      // Persons and units: one entry per ID, code or name (multikey).
      { key: { personIds: 1, seq: -1 }, name: 'items_by_person_id' },
      { key: { personNames: 1, seq: -1 }, name: 'items_by_person_name' },
      { key: { unitCodes: 1, seq: -1 }, name: 'items_by_unit_code' },
      { key: { unitNames: 1, seq: -1 }, name: 'items_by_unit_name' },
      // Destruction: who else uses a stored object.
      { key: { blobs: 1, _id: 1 }, name: 'items_by_blob' },
      // 档号 unique (the 件号 of a group is held by the revision ticket that numbered it: item_revisions).
      { key: { archivalCode: 1 }, name: 'items_archival_code', unique: true, sparse: true },
      // 档号 order (scans for packing and the 归档文件目录), numbered items first.
      { key: { numbered: 1, archivalCode: 1, seq: 1 }, name: 'items_archival_order' },
      {
        key: { fondsCode: 1, year: 1, numbered: 1, archivalCode: 1, seq: 1 },
        name: 'items_archival_order_by_year',
      },
      // Statistics: each holds every field its tallies read, so they count from the index alone.
      {
        key: {
          fondsCode: 1,
          year: 1,
          classCode: 1,
          retention: 1,
          insuranceType: 1,
          section: 1,
          status: 1,
          pageCount: 1,
        },
        name: 'items_tally',
      },
      {
        key: { out: 1, fondsCode: 1, year: 1, section: 1, status: 1, pageCount: 1 },
        name: 'items_out_tally',
      },
      {
        key: {
          dueDate: 1,
          status: 1,
          held: 1,
          fondsCode: 1,
          year: 1,
          classCode: 1,
          retention: 1,
          insuranceType: 1,
          section: 1,
          pageCount: 1,
        },
        name: 'items_due_tally',
      },
    ],
  },
  {
    collection: ITEM_REVISIONS,
    indexes: [
      // An item's tickets: the newest above its head, and the superseded ones to empty.
      { key: { of: 1, rev: -1 }, name: 'of_rev' },
      // 件号 unique per group across every process, and the highest held found from the index's end.
      { key: { numberGroup: 1, numberInGroup: -1 }, name: 'item_numbers', unique: true, sparse: true },
    ],
  },
  {
    // The search index's backlog: the sweep reads the oldest entries, markIndexed deletes an item's.
    collection: ITEMS_UNINDEXED,
    indexes: [
      { key: { order: 1 }, name: 'order' },
      { key: { itemId: 1, rev: 1 }, name: 'item_rev' },
    ],
  },
  {
    collection: 'catalogue',
    indexes: [{ key: { kind: 1, scope: 1, version: 1 }, name: 'catalogue_version', unique: true }],
  },
  {
    collection: 'accounts',
    indexes: [{ key: { usernameKey: 1 }, name: 'accounts_username', unique: true }],
  },
  {
    collection: 'sessions',
    indexes: [{ key: { accountId: 1 }, name: 'sessions_of_account' }],
  },
  {
    collection: 'audit',
    indexes: [
      { key: { actor: 1, _id: -1 }, name: 'audit_by_actor' },
      { key: { action: 1, _id: -1 }, name: 'audit_by_action' },
      { key: { target: 1, _id: -1 }, name: 'audit_by_target' },
    ],
  },
  {
    collection: JOBS,
    indexes: [
      // Ready jobs in queue order, and leases that ran out (the body is the job's newest revision).
      { key: { 'body.state': 1, 'body.runAt': 1, order: 1 }, name: 'jobs_ready' },
      { key: { 'body.state': 1, 'body.leaseUntil': 1 }, name: 'jobs_leases' },
    ],
  },
  // `_id` is the key: no other index needed.
  { collection: JOB_KEYS, indexes: [] },
  // A job's tickets: the newest above its head, and the superseded ones to empty.
  { collection: JOB_REVISIONS, indexes: [{ key: { of: 1, rev: -1 }, name: 'of_rev' }] },
];
