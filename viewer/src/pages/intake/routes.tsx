import type { PageRoute } from '../../page-route';

/** The intake pages. */
export const intakeRoutes: PageRoute[] = [];
