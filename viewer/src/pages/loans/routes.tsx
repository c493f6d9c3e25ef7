import type { PageRoute } from '../../page-route';

/** The loans pages. */
export const loansRoutes: PageRoute[] = [];
