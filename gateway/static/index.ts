import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import type { GatewayEnv } from '../types.ts';

/** gateway/ui/, where the dashboard lives (written by its own engineer). */
export const DEFAULT_UI_DIR = fileURLToPath(new URL('../ui/', import.meta.url));

/** What a browser loads from the dashboard: documents, styles, scripts, images, fonts. */
const ASSET = /\.(html|css|js|mjs|svg|png|ico|webp|woff2?)$/;
/** Never served even with an asset's extension: tests, type declarations, dotfiles. */
const NOT_AN_ASSET = /(\.test\.|\.spec\.|\.d\.ts$|(^|\/)\.)/;

/**
 * Only built dashboard assets are files the world may read: gateway/ui also holds the dashboard's server code
 * (`*.ts`), its tests and its README, none of which a browser needs. An allow-list by extension, so a new
 * kind of file is private until someone decides otherwise.
 */
export function isPublicAsset(path: string): boolean {
  if (path === '/') return true;
  return ASSET.test(path) && !NOT_AN_ASSET.test(path);
}

/**
 * Serve the dashboard's files at `/` when `dir` holds an index.html (allow-listed, see isPublicAsset); otherwise mount nothing (the API works
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
    if (c.req.path.startsWith('/api/') || !isPublicAsset(c.req.path)) return next();
    return files(c, next);
  });
  return true;
}
