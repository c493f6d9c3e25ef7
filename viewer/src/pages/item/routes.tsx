import type { PageRoute } from '../../page-route';

/** The item pages. */
export const itemRoutes: PageRoute[] = [];
