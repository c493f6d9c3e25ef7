import type { PageRoute } from '../../page-route';

/** The store pages. */
export const storeRoutes: PageRoute[] = [];
