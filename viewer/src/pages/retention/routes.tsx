import type { PageRoute } from '../../page-route';

/** The retention pages. */
export const retentionRoutes: PageRoute[] = [];
