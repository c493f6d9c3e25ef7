import { SYSTEM_ACTOR } from '../access/actor';
import { recordAudit } from '../audit/record-audit';
import type { CoreDeps } from '../deps';
import type { JobHandler } from '../jobs/worker';
import {
  PHYSICAL_PREFIX,
  isLiveClaim as isLiveLoanClaim,
  settleOrphanClaim as settleLoanClaim,
} from '../loans/loan-claims';
import { APPRAISAL_PREFIX, isLiveClaim as isLiveAppraisalClaim } from '../retention/appraisal-claims';
import { DomainError } from '../shared/errors';
import {
  BOX_ITEM_PREFIX,
  LOCATION_PREFIX,
  isLiveClaim as isLiveStoreClaim,
  settleOrphanClaim as settleStoreClaim,
} from '../store/store-claims';
import { TRANSFER_ITEM_PREFIX, isLiveClaim as isLiveTransferClaim } from '../transfers/transfer-claims';
import type { StoredRecord } from './record-store.port';

/**
 * The repair of claims a killed process left behind.
 *
 * Workflows take an exclusive claim (`claim(key, owner)`) before they write their record, and release it
 * after the record no longer holds the item. A process killed between the two leaves a claim naming an
 * owner whose record does not hold the item — and that claim would block the item for ever (never boxed,
 * transferred, lent or appraised again). This sweep finds and releases them.
 *
 * **The rule.** A claim is an orphan when the module that takes it says its owner does not hold it
 * (`isLiveClaim` beside each module's code: the owner record is missing, is in a state that no longer
 * holds the item, or does not list the item). Claims carry no time, and a claim just taken is an orphan
 * until its record is written a moment later, so nothing is released on sight: a sweep notes each
 * suspected orphan (collection `claim_sweep`, one record per claim key, with the owner and when it was
 * first seen), and a later sweep releases it only if the same owner still holds it, it is still an
 * orphan, and it was first seen at least {@link CLAIM_GRACE_MS} before. A claim found live (or gone, or
 * held by another owner) in between starts over. After the release the owner is asked once more: if it
 * took the claim up again meanwhile (a retry of the killed step), the claim is given back to it.
 *
 * Releasing also finishes what the killed step left on the item (`settleOrphanClaim`): an item still
 * marked as in a box that no longer lists it, or still out on a request that has it back. Each release is
 * audited as `system`, action `claim.released` (the key's prefix, the owner, the item or place: no
 * personal data). A sweep killed half-way resumes its releases on the next run (state `releasing`).
 *
 * Claims of other kinds (`destruction-list:<appraisalId>`: taken over by the same appraisal on retry)
 * are left alone.
 */
export const REPAIR_CLAIMS_JOB = 'records.repair-claims';
export const CLAIM_SWEEP = 'claim_sweep';
/** How long a claim must stay an orphan, between two sweeps, before it is released. */
export const CLAIM_GRACE_MS = 10 * 60_000;
/** How often the sweep runs (besides at every worker start). */
export const CLAIM_REPAIR_EVERY_MS = 3600_000;

type Check = (deps: CoreDeps, key: string, owner: string) => Promise<boolean>;
type Settle = (deps: CoreDeps, key: string, owner: string) => Promise<void>;

interface ClaimRule {
  prefix: string;
  /** What follows the prefix: an item id, or a place's code (库房 / 列 / 节 / 层). */
  subject: 'itemId' | 'code';
  isLive: Check;
  settle?: Settle;
}

export const CLAIM_RULES: readonly ClaimRule[] = [
  { prefix: BOX_ITEM_PREFIX, subject: 'itemId', isLive: isLiveStoreClaim, settle: settleStoreClaim },
  { prefix: LOCATION_PREFIX, subject: 'code', isLive: isLiveStoreClaim },
  { prefix: TRANSFER_ITEM_PREFIX, subject: 'itemId', isLive: isLiveTransferClaim },
  { prefix: PHYSICAL_PREFIX, subject: 'itemId', isLive: isLiveLoanClaim, settle: settleLoanClaim },
  { prefix: APPRAISAL_PREFIX, subject: 'itemId', isLive: isLiveAppraisalClaim },
];

export type ClaimSweepState = 'suspected' | 'releasing' | 'released' | 'cleared';

/** What the sweep knows of one claim key (the record's id is the key). */
export interface ClaimSweepRecord extends StoredRecord {
  key: string;
  owner: string;
  state: ClaimSweepState;
  /** When this owner's claim was first seen as an orphan. */
  firstSeen: string;
  updatedAt: string;
}

export interface ClaimSweepResult {
  /** Claims looked at. */
  checked: number;
  /** Newly suspected orphans (noted, not released). */
  suspected: number;
  /** Orphans released. */
  released: number;
}

const PAGE = 200;

const sweepRecords = (deps: Pick<CoreDeps, 'records'>) =>
  deps.records.collection<ClaimSweepRecord>(CLAIM_SWEEP);

/** A lost race with another sweep: leave the key to the next run. */
function lostRace(e: unknown): boolean {
  return e instanceof DomainError && (e.code === 'record.stale' || e.code === 'record.exists');
}

/** Writes the sweep's record of a key (insert or compare-and-set); false when another sweep wrote first. */
async function write(
  deps: CoreDeps,
  previous: ClaimSweepRecord | null,
  fields: Pick<ClaimSweepRecord, 'key' | 'owner' | 'state' | 'firstSeen'>,
): Promise<ClaimSweepRecord | null> {
  const updatedAt = deps.clock.now().toISOString();
  const next: ClaimSweepRecord = previous
    ? { ...previous, ...fields, updatedAt, revision: previous.revision + 1 }
    : { id: fields.key, revision: 1, ...fields, updatedAt };
  try {
    if (previous) await sweepRecords(deps).update(next);
    else await sweepRecords(deps).insert(next);
    return next;
  } catch (e) {
    if (lostRace(e)) return null;
    throw e;
  }
}

function ruleOf(key: string): ClaimRule | null {
  return CLAIM_RULES.find((r) => key.startsWith(r.prefix)) ?? null;
}

/**
 * Releases an orphan marked `releasing`: unless its owner holds it legitimately again, the claim goes,
 * the item is settled and the release audited. True when released.
 */
async function release(deps: CoreDeps, rule: ClaimRule, r: ClaimSweepRecord): Promise<boolean> {
  const holder = await deps.records.holder(r.key);
  if (holder === r.owner) {
    if (await rule.isLive(deps, r.key, r.owner)) {
      await write(deps, r, { ...r, state: 'cleared' });
      return false;
    }
    await deps.records.release(r.key, r.owner);
    if (await rule.isLive(deps, r.key, r.owner)) {
      // The owner took it up again meanwhile (a retry of the killed step): it is its claim.
      if ((await deps.records.claim(r.key, r.owner)) === r.owner) {
        await write(deps, r, { ...r, state: 'cleared' });
        return false;
      }
    }
  }
  await rule.settle?.(deps, r.key, r.owner);
  const subject = r.key.slice(rule.prefix.length);
  await recordAudit(deps, SYSTEM_ACTOR, { requestId: null }, 'claim.released', subject, {
    prefix: rule.prefix,
    owner: r.owner,
    [rule.subject]: subject,
    firstSeen: r.firstSeen,
  });
  await write(deps, r, { ...r, state: 'released' });
  return true;
}

/**
 * One sweep over every claim of the kinds in {@link CLAIM_RULES}: notes new suspected orphans, releases
 * those that stayed orphans for the grace period (see the rule above), forgets those that did not.
 */
export async function sweepClaims(deps: CoreDeps): Promise<ClaimSweepResult> {
  const result: ClaimSweepResult = { checked: 0, suspected: 0, released: 0 };
  const now = deps.clock.now();

  // A sweep killed half-way through a release finishes it first.
  const releasing: ClaimSweepRecord[] = [];
  for await (const r of sweepRecords(deps).all({ state: 'releasing' })) releasing.push(r);
  for (const r of releasing) {
    const rule = ruleOf(r.key);
    if (rule && (await release(deps, rule, r))) result.released++;
  }

  const suspects = new Map<string, ClaimSweepRecord>();
  for await (const r of sweepRecords(deps).all({ state: 'suspected' })) suspects.set(r.key, r);

  for (const rule of CLAIM_RULES) {
    let after: string | null = null;
    for (;;) {
      const page: { key: string; owner: string }[] = await deps.records.claims(rule.prefix, PAGE, after);
      for (const { key, owner } of page) {
        result.checked++;
        const seen = suspects.get(key) ?? null;
        suspects.delete(key);
        if (await rule.isLive(deps, key, owner)) {
          if (seen) await write(deps, seen, { ...seen, state: 'cleared' });
          continue;
        }
        if (!seen || seen.owner !== owner) {
          const previous = seen ?? (await sweepRecords(deps).get(key));
          const noted = await write(deps, previous, {
            key,
            owner,
            state: 'suspected',
            firstSeen: now.toISOString(),
          });
          if (noted) result.suspected++;
          continue;
        }
        if (now.getTime() - Date.parse(seen.firstSeen) < CLAIM_GRACE_MS) continue;
        const marked = await write(deps, seen, { ...seen, state: 'releasing' });
        if (marked && (await release(deps, rule, marked))) result.released++;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]!.key;
    }
  }

  // Suspects whose claim has gone (released by its owner): nothing to do.
  for (const seen of suspects.values()) await write(deps, seen, { ...seen, state: 'cleared' });
  return result;
}

/** The run of the hour slot `at` falls in (one queued run per hour, by its key). */
async function queueRun(deps: Pick<CoreDeps, 'jobs'>, at: Date): Promise<void> {
  await deps.jobs.enqueue(
    REPAIR_CLAIMS_JOB,
    {},
    { key: `${REPAIR_CLAIMS_JOB}:${at.toISOString().slice(0, 13)}`, runAt: at, maxAttempts: 5 },
  );
}

/** The claim repair job: queues its next run an hour on (self-rescheduling), then sweeps. */
export function claimRepairJobs(deps: CoreDeps): Record<string, JobHandler> {
  return {
    [REPAIR_CLAIMS_JOB]: async () => {
      await queueRun(deps, new Date(deps.clock.now().getTime() + CLAIM_REPAIR_EVERY_MS));
      await sweepClaims(deps);
    },
  };
}

/** At worker start: a sweep now (idempotent within the hour slot while queued). */
export async function scheduleClaimRepair(deps: CoreDeps): Promise<void> {
  await queueRun(deps, deps.clock.now());
}
