import type { PageRoute } from '../../page-route';

/** The admin pages. */
export const adminRoutes: PageRoute[] = [];
