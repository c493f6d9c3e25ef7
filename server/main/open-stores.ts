import { resolve } from 'node:path';
import { productionProfileFromEnv } from '../../storage-config/profiles';
import type { Config } from './config';
import { openEmbedded } from './embedded';
import { openProduction } from './production';
import type { Stores } from './stores';

/** Opens the stores of the configured profile (ARCHIVE_STORAGE_PROFILE): the one switch between the two shapes. */
export async function openStores(config: Config, env: NodeJS.ProcessEnv): Promise<Stores> {
  const dataDir = resolve(config.ARCHIVE_DATA_DIR);
  const options = config.ARCHIVE_OCR_WORKERS ? { ocrWorkers: config.ARCHIVE_OCR_WORKERS } : {};
  if (config.ARCHIVE_STORAGE_PROFILE === 'embedded') return openEmbedded(dataDir, options);
  const parsed = productionProfileFromEnv(env);
  if (!parsed.ok) {
    throw new ConfigurationError(parsed.problems);
  }
  return openProduction(parsed.profile, dataDir, options);
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super('Configuration errors:\n' + problems.map((p) => `  - ${p}`).join('\n'));
    this.name = 'ConfigurationError';
  }
}
