import type { PageRoute } from '../../page-route';
import { ItemPage } from './item-page';
import './item.css';

/** The item pages. */
export const itemRoutes: PageRoute[] = [
  { path: '/items/:id', render: (p) => <ItemPage key={p.id} id={p.id!} /> },
];
