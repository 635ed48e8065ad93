import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A fresh embedded database used to spend 7–10 s (and ~850 MB that the WebAssembly heap never gives back) in
 * PGlite's initdb on the first start. `npm install` makes one empty data directory per PGlite version
 * (`makePgTemplate`, run by bin/build.js), and a start on a missing or empty data directory copies it instead:
 * ~40 MB of files. Without a template (install skipped, PGlite upgraded) start-up runs initdb as before.
 */
const PACKAGE = '/node_modules/@electric-sql/pglite/';

/** The installed PGlite's version and node_modules folder (found the way `import` finds it, from src or dist/). */
function installedPglite(): { version: string; nodeModules: string } | null {
  try {
    const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    const at = entry.lastIndexOf(PACKAGE);
    if (at < 0) return null;
    const { version } = JSON.parse(readFileSync(entry.slice(0, at + PACKAGE.length) + 'package.json', 'utf8')) as { version: string };
    return { version, nodeModules: entry.slice(0, at + '/node_modules'.length) };
  } catch {
    return null;
  }
}

/** Where the template for the installed PGlite lives (node_modules/.cache: per install, never committed). */
export function pgTemplateDir(): string | null {
  const pglite = installedPglite();
  return pglite ? join(pglite.nodeModules, '.cache/midgard', `pglite-${pglite.version}`) : null;
}

const isEmpty = (dir: string) => !existsSync(dir) || readdirSync(dir).length === 0;

const seeding = new Map<string, Promise<boolean>>();

/**
 * Copies the template into `dataDir` when that directory is missing or empty; resolves true when it did. The
 * copy runs on libuv's threads, so `midgard start` begins it before loading the rest of the code and the two
 * overlap; a second call for the same directory gets the same promise.
 *
 * @example
 * await seedDataDir('./data/pg'); // then openDatabase({ dataDir: './data/pg' }) opens instead of running initdb
 */
export function seedDataDir(dataDir: string, template = pgTemplateDir()): Promise<boolean> {
  const key = resolve(dataDir);
  let pending = seeding.get(key);
  // a failed copy (disk full, template removed meanwhile) leaves the directory as it was: PGlite runs initdb
  if (!pending) seeding.set(key, (pending = copyTemplate(key, template).catch(() => false)));
  return pending;
}

async function copyTemplate(dataDir: string, template: string | null): Promise<boolean> {
  if (!template || !existsSync(join(template, 'PG_VERSION')) || !isEmpty(dataDir)) return false;
  await mkdir(dirname(dataDir), { recursive: true });
  // copy beside, then rename: a start interrupted mid-copy leaves no half data directory behind
  const partial = `${dataDir}.seeding-${process.pid}`;
  await rm(partial, { recursive: true, force: true });
  await cp(template, partial, { recursive: true });
  await rm(dataDir, { recursive: true, force: true });
  await rename(partial, dataDir);
  return true;
}

/** Runs initdb once into the template directory (bin/build.js calls it at install); a no-op when it exists. */
export async function makePgTemplate(template = pgTemplateDir()): Promise<string | null> {
  if (!template) return null;
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  const { PGlite } = await import('@electric-sql/pglite');
  const building = `${template}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(dirname(building), { recursive: true });
  const db = await PGlite.create({ dataDir: building });
  await db.close();
  if (existsSync(join(template, 'PG_VERSION'))) rmSync(building, { recursive: true, force: true });
  else renameSync(building, template);
  return template;
}
