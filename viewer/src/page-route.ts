import type { ReactNode } from 'react';

/** A page of the viewer: its path (`:name` segments become parameters) and what it renders. */
export interface PageRoute {
  path: string;
  render: (params: Record<string, string>) => ReactNode;
}
