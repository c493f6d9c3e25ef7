import type { PageRoute } from '../../page-route';

/** The transfers pages. */
export const transfersRoutes: PageRoute[] = [];
