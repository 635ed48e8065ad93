import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';
import { DEFAULT_UI_DIR } from './index.ts';

describe('dashboard files at /', () => {
  it('serves index.html and assets from the UI folder, without shadowing the API', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'midgard-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Midgard</title>');
    writeFileSync(join(dir, 'app.css'), 'body{}');
    const h = makeHarness({ uiDir: dir });
    const index = await h.app.request('/');
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Midgard</title>');
    expect((await h.app.request('/app.css')).headers.get('content-type')).toContain('text/css');
    expect((await h.app.request('/health')).status).toBe(200);
    const missing = await h.app.request('/api/v1/nothing');
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    expect((await h.app.request('/../../etc/passwd')).status).toBe(404);
  });

  it('mounts nothing when the folder has no index.html', async () => {
    const h = makeHarness({ uiDir: mkdtempSync(join(tmpdir(), 'midgard-empty-')) });
    expect((await h.app.request('/')).status).toBe(404);
  });
});

describe('only dashboard assets are public', () => {
  it('serves what the page loads and never the sources, tests, type declarations or docs beside them', async () => {
    const h = makeHarness({ uiDir: DEFAULT_UI_DIR }); // the real gateway/ui folder
    expect((await h.app.request('/')).status).toBe(200);
    expect((await h.app.request('/app.css')).status).toBe(200);
    expect((await h.app.request('/js/main.js')).status).toBe(200);
    expect((await h.app.request('/js/views/world.js')).status).toBe(200);
    for (const path of ['/stately-relay.ts', '/machine-layout.ts', '/stately-relay.test.ts', '/machine-layout.test.ts', '/README.md', '/js/sse.d.ts', '/js/helpers.test.ts', '/js/state.d.ts']) {
      expect((await h.app.request(path)).status, path).toBe(404);
    }
  });

  it('decides by an allow-list of asset extensions', async () => {
    const { isPublicAsset } = await import('./index.ts');
    expect(isPublicAsset('/index.html')).toBe(true);
    expect(isPublicAsset('/js/a.js')).toBe(true);
    expect(isPublicAsset('/js/a.test.js')).toBe(false);
    expect(isPublicAsset('/.env')).toBe(false);
    expect(isPublicAsset('/.hidden/a.js')).toBe(false);
    expect(isPublicAsset('/package.json')).toBe(false);
    expect(isPublicAsset('/x.ts')).toBe(false);
  });
});
