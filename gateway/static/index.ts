import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { GatewayEnv } from '../types.ts';

/** gateway/ui/, where the dashboard lives (written by its own engineer). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url));

/**
 * Serve the dashboard's files at `/` when `dir` holds an index.html; otherwise mount nothing (the API works
 * without a UI). Returns whether it mounted.
 *
 * @example
 * mountUi(app, config.uiDir ?? DEFAULT_UI_DIR);
 */
export function mountUi(app: Hono<GatewayEnv>, dir: string): boolean {
  if (!existsSync(join(dir, 'index.html'))) return false;
  const files = serveStatic({ root: dir });
  app.use('/*', async function dashboardFiles(c, next) {
    // API paths are never files: skip the disk lookup for them
    if (c.req.path.startsWith('/api/')) return next();
    return files(c, next);
  });
  return true;
}
