import type { Actor } from '../access/actor';
import { authorize } from '../access/actor';
import type { CoreDeps } from '../deps';
import { notFound } from '../shared/errors';
import type { Versioned } from './catalogue-store.port';
import type { ClassificationScheme } from './catalogue.schemas';

type Deps = Pick<CoreDeps, 'catalogue'>;

/** The versions of one classification scheme of a fonds (newest last, without bodies). */
export async function schemeHistory(
  deps: Deps,
  actor: Actor,
  fondsCode: string,
  schemeId: string,
): Promise<Omit<Versioned<unknown>, 'body'>[]> {
  authorize(actor, 'catalogue.read');
  const versions = await deps.catalogue.history('scheme', `${fondsCode}/${schemeId}`);
  if (versions.length === 0)
    throw notFound('scheme.not_found', `No scheme ${schemeId} in fonds ${fondsCode}.`);
  return versions;
}

/** One version of a classification scheme (or the current one). */
export async function schemeVersion(
  deps: Deps,
  actor: Actor,
  fondsCode: string,
  schemeId: string,
  version: number | 'current',
): Promise<Versioned<ClassificationScheme>> {
  authorize(actor, 'catalogue.read');
  const scope = `${fondsCode}/${schemeId}`;
  const v =
    version === 'current'
      ? await deps.catalogue.current('scheme', scope)
      : await deps.catalogue.version('scheme', scope, version);
  if (!v)
    throw notFound('scheme.not_found', `No scheme ${schemeId} version ${version} in fonds ${fondsCode}.`);
  return v;
}
