import type { PageRoute } from '../../page-route';
import { CataloguePage } from './catalogue-page';
import { SearchPage } from './search-page';
import './catalogue.css';

/** The catalogue pages: 档案目录 (browse, filter, sort, select) and 检索 (search, person view). */
export const catalogueRoutes: PageRoute[] = [
  { path: '/catalogue', render: () => <CataloguePage /> },
  { path: '/search', render: () => <SearchPage /> },
];
