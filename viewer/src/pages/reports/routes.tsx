import type { PageRoute } from '../../page-route';

/** The reports pages. */
export const reportsRoutes: PageRoute[] = [];
