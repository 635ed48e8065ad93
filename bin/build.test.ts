import { statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (it runs before anything is compiled)
import { build, freshBuild, ROOT } from './build.js';

describe('the precompiled build npm start runs', () => {
  it('is used only while it matches the sources: an edited source makes it stale until rebuilt', async () => {
    await build();
    expect(String(freshBuild())).toMatch(/dist\/[0-9a-f]{16}\/cli\/main\.js$/);
    const source = join(ROOT, 'app/world.ts');
    const { atimeMs, mtimeMs } = statSync(source);
    const [atime, mtime] = [new Date(atimeMs), new Date(Math.floor(mtimeMs))];
    try {
      utimesSync(source, atime, new Date(mtime.getTime() + 5_000)); // as an edit would
      expect(freshBuild()).toBeNull();
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(freshBuild()).not.toBeNull();
  }, 60_000);

  it('as the install step, builds and leaves the empty-database template a new world starts from', async () => {
    const { spawnSync } = await import('node:child_process');
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/files → dist\/[0-9a-f]{16}\//);
    expect(run.stderr).toMatch(/empty embedded database ready/);
  }, 120_000);

  it('compiles imports and file URLs to the .js files beside them', async () => {
    const { readFile } = await import('node:fs/promises');
    const { dir } = await build();
    const world = await readFile(join(ROOT, dir, 'app/world.js'), 'utf8');
    expect(world).toContain('new URL("../actors/catalogue.js", import.meta.url)');
    expect(world).not.toMatch(/from "\.[^"]*\.ts"/);
  });
});
