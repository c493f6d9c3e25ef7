import type { PageRoute } from '../../page-route';
import { BoxPage } from './box-page';
import { BoxesPage } from './boxes-page';
import { LocationsPage } from './locations-page';
import { MapPage } from './map-page';
import { MovementsPage } from './movements-page';
import '../transfers/transfers.css';
import './store.css';

/** The store pages (装盒 → 上架 → 出入库). `/boxes/:id` is where a box label's QR code points. */
export const storeRoutes: PageRoute[] = [
  { path: '/store', render: () => <BoxesPage /> },
  { path: '/store/boxes/:id', render: (p) => <BoxPage id={p.id!} /> },
  { path: '/boxes/:id', render: (p) => <BoxPage id={p.id!} /> },
  { path: '/store/locations', render: () => <LocationsPage /> },
  { path: '/store/locations/:id', render: (p) => <MapPage id={p.id!} /> },
  { path: '/store/movements', render: () => <MovementsPage /> },
];
