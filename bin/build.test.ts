import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript (it runs before anything is compiled)
import { build, freshBuild, ROOT } from './build.js';

/** A small tree of its own: the checkout's sources are never touched while other suites start `midgard` from them. */
function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'midgard-build-'));
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  put('package.json', '{"type":"module"}');
  put('bin/build.js', '');
  put('actors/catalogue.ts', 'export const kinds: string[] = [];\n');
  put('app/world.ts', "import { kinds } from '../actors/catalogue.ts';\nexport const catalogue = new URL('../actors/catalogue.ts', import.meta.url);\nexport const n: number = kinds.length;\n");
  put('cli/main.ts', "export const main = (): number => 0;\n");
  put('cli/README.md', 'not built');
  put('test/skipped.ts', 'tests are not built');
  return root;
}

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('the precompiled build npm start runs', () => {
  it('is used only while it matches the sources: an edited source makes it stale until rebuilt', async () => {
    const root = tree();
    roots.push(root);
    expect(freshBuild(root)).toBeNull();
    await build(root);
    expect(String(freshBuild(root))).toMatch(/dist\/[0-9a-f]{16}\/cli\/main\.js$/);
    const source = join(root, 'app/world.ts');
    const { atimeMs, mtimeMs } = statSync(source);
    utimesSync(source, new Date(atimeMs), new Date(Math.floor(mtimeMs) + 5_000)); // as an edit would
    expect(freshBuild(root)).toBeNull();
    await build(root);
    expect(freshBuild(root)).not.toBeNull();
  }, 60_000);

  it('compiles imports and file URLs to the .js files beside them, and only the sources', async () => {
    const root = tree();
    roots.push(root);
    const { dir } = await build(root);
    const world = readFileSync(join(root, dir, 'app/world.js'), 'utf8');
    expect(world).toContain('new URL("../actors/catalogue.js", import.meta.url)');
    expect(world).not.toMatch(/from "\.[^"]*\.ts"/);
    expect(() => statSync(join(root, dir, 'test'))).toThrow();
  }, 60_000);

  it('as the install step, builds the checkout and leaves the empty-database template a new world starts from', () => {
    const run = spawnSync(process.execPath, [join(ROOT, 'bin/build.js')], { cwd: ROOT, encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/files → dist\/[0-9a-f]{16}\//);
    expect(run.stderr).toMatch(/empty embedded database ready/);
  }, 120_000);
});
