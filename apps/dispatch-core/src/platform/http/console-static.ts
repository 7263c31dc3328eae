import type { INestApplication } from '@nestjs/common';
import express, { type NextFunction, type Request, type Response } from 'express';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const RESERVED = /^\/(api|health|metrics|socket\.io)(\/|$)/;

/** Serves the built console (apps/console/dist) with history-mode fallback to index.html. */
export function serveConsole(app: INestApplication): string | null {
  const dir = findConsoleDist(__dirname);
  if (!dir) return null;
  const index = join(dir, 'index.html');
  app.use(express.static(dir, { index: false, maxAge: '1h' }));
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' || RESERVED.test(req.path) || !req.accepts('html')) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
  return dir;
}

// Works from the sources (tests) and from dist/ (npm start): walk up to the repo root.
function findConsoleDist(from: string): string | null {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    const candidate = join(dir, 'apps', 'console', 'dist');
    if (existsSync(join(candidate, 'index.html'))) return candidate;
  }
  return null;
}
