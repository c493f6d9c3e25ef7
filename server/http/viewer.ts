import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';

const DIST = join(__dirname, '..', '..', 'viewer', 'dist');

/**
 * The web viewer (viewer/, built by `npm run build:viewer` into viewer/dist): its files, and index.html for
 * every other GET outside /api (the viewer routes in the browser). Built assets have hashed names and are
 * cached for a year; index.html is never cached, so a new build is picked up at once.
 */
export function viewer(dist = DIST): Router {
  const r = Router();
  r.use(
    '/assets',
    express.static(join(dist, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  r.use(express.static(dist, { index: false, maxAge: 0 }));
  r.get(/^(?!\/api(\/|$)).*/, (req, res) => {
    const index = join(dist, 'index.html');
    if (!existsSync(index)) {
      res
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The viewer is not built: run `npm run build:viewer` (npm start does it). The API is at /api.');
      return;
    }
    res.set('Cache-Control', 'no-cache').sendFile(index);
  });
  return r;
}
