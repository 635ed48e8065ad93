import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeHarness } from '../testing/harness.ts';

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
