import type { Actor } from '../access/actor';
import { authorizeAnyAudited } from '../access/authorize-any';
import { authorizeAudited, recordAudit } from '../audit/record-audit';
import type { CoreDeps, RequestContext } from '../deps';
import type { StoredRecord } from '../records/record-store.port';
import { conflict } from '../shared/errors';
import { DEFAULT_LOAN_POLICY, type LoanPolicy } from './loan-policy';

/**
 * The borrowing policy in force: one record (`loan_policy/current`) whose revision is its version; version 0
 * is the built-in default, until the archive office first saves its own.
 */
interface PolicyRecord extends StoredRecord {
  policy: LoanPolicy;
  updatedAt: string;
  updatedBy: string;
}

const ID = 'current';
const collection = (deps: Pick<CoreDeps, 'records'>) => deps.records.collection<PolicyRecord>('loan_policy');

export interface VersionedLoanPolicy {
  version: number;
  policy: LoanPolicy;
  updatedAt: string | null;
  updatedBy: string | null;
}

export async function currentLoanPolicy(deps: Pick<CoreDeps, 'records'>): Promise<VersionedLoanPolicy> {
  const r = await collection(deps).get(ID);
  if (!r) return { version: 0, policy: DEFAULT_LOAN_POLICY, updatedAt: null, updatedBy: null };
  return { version: r.revision, policy: r.policy, updatedAt: r.updatedAt, updatedBy: r.updatedBy };
}

/** Reads the policy (anyone who requests, approves or serves loans). */
export async function readLoanPolicy(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
): Promise<VersionedLoanPolicy> {
  await authorizeAnyAudited(
    deps,
    actor,
    ctx,
    ['loan.request', 'loan.approve', 'loan.desk'],
    'loan.policy_read',
    null,
  );
  return currentLoanPolicy(deps);
}

/** Saves a new version of the policy (archive office); `expectedVersion` guards against a lost update. */
export async function updateLoanPolicy(
  deps: CoreDeps,
  actor: Actor,
  ctx: RequestContext,
  policy: LoanPolicy,
  expectedVersion: number,
): Promise<VersionedLoanPolicy> {
  await authorizeAudited(deps, actor, ctx, 'catalogue.edit', 'loan.policy_update', 'loan_policy');
  const current = await currentLoanPolicy(deps);
  if (current.version !== expectedVersion)
    throw conflict('loan.policy_version_conflict', 'The policy was changed by someone else; reload it.', {
      currentVersion: current.version,
    });
  const at = deps.clock.now().toISOString();
  const record: PolicyRecord = {
    id: ID,
    revision: expectedVersion + 1,
    policy,
    updatedAt: at,
    updatedBy: actor.username,
  };
  if (expectedVersion === 0) await collection(deps).insert(record);
  else await collection(deps).update(record);
  await recordAudit(deps, actor, ctx, 'loan.policy_update', 'loan_policy', {
    version: record.revision,
    policy,
  });
  return { version: record.revision, policy, updatedAt: at, updatedBy: actor.username };
}
