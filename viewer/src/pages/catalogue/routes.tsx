import type { PageRoute } from '../../page-route';

/** The catalogue pages. */
export const catalogueRoutes: PageRoute[] = [];
