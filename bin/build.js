#!/usr/bin/env node
// Precompiled JavaScript for `npm start`: importing the TypeScript sources through tsx spent most of start-up
// transpiling (≈8 s of a 17 s start on two busy cores). `npm install` / `npm ci` run this as `prepare`; the CLI
// checks the build's fingerprint on every start and rebuilds (or falls back to tsx) when any source changed,
// so a stale build never runs. The output mirrors the source tree in dist/ (gitignored), so every
// `new URL('./x', import.meta.url)` still finds its neighbour; assets are copied beside the code.
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const distOf = (root) => join(root, 'dist');
/**
 * The folders `midgard` runs from: every top-level folder but these (tests, benchmarks and the C++ bridge stay
 * TypeScript-through-tsx), so a new folder of sources is built without anyone remembering to list it.
 */
const NOT_SOURCES = new Set(['bench', 'bin', 'bridge-native', 'data', 'dist', 'docs', 'node_modules', 'test', 'test-results']);
export const sourceDirs = (root = ROOT) =>
  readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !NOT_SOURCES.has(e.name))
    .map((e) => e.name)
    .sort();
const STAMP = 'build-stamp.json';
const skipped = (name) => name.endsWith('.test.ts') || name === 'README.md' || name === 'testing' || name === 'node_modules';

/** Every file the build reads, as paths relative to the checkout (`root`: another tree, for tests). */
export function sourceFiles(root = ROOT) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (skipped(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(path);
    }
  };
  for (const dir of sourceDirs(root)) walk(dir);
  return out.sort();
}

/** Paths, sizes and modification times of the sources (and package.json): any edit, addition or removal changes it. */
export function fingerprint(root = ROOT, files = sourceFiles(root)) {
  const hash = createHash('sha256');
  for (const path of [...files, 'package.json', 'bin/build.js']) {
    const stat = statSync(join(root, path));
    hash.update(`${path}\0${stat.size}\0${Math.floor(stat.mtimeMs)}\n`);
  }
  return hash.digest('hex');
}

/**
 * Each build lives in its own folder named by the sources' fingerprint (`dist/<fingerprint>/`), so a build never
 * replaces files a running or starting process is importing: there is no moment without a complete build.
 */
const buildDir = (root, print) => join(distOf(root), print.slice(0, 16));

/** The built `cli/main.js` when a build of exactly these sources exists, otherwise null. */
export function freshBuild(root = ROOT) {
  try {
    const print = fingerprint(root);
    const stamp = JSON.parse(readFileSync(join(buildDir(root, print), STAMP), 'utf8'));
    return stamp.fingerprint === print ? pathToFileURL(join(buildDir(root, print), 'cli/main.js')) : null;
  } catch {
    return null;
  }
}

/** esbuild comes with tsx (a dependency), so the build needs nothing more installed. */
function loadEsbuild() {
  const require = createRequire(import.meta.url);
  try {
    return require('esbuild');
  } catch {
    return createRequire(require.resolve('tsx')).call(null, 'esbuild');
  }
}

// `new URL('./worker.ts', import.meta.url)` and friends name TypeScript files the build renames
const TS_URL = /(new URL\(\s*(['"`])[^'"`]*?)\.ts(\2\s*,\s*import\.meta\.url\s*\))/g;

/** Each source file compiled on its own (imports stay imports, renamed .ts → .js), assets copied beside it. */
export async function build(root = ROOT) {
  const files = sourceFiles(root);
  const print = fingerprint(root, files);
  const esbuild = loadEsbuild();
  const unique = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const staging = join(distOf(root), `.tmp-${unique}`);
  rmSync(staging, { recursive: true, force: true });
  const entries = files.filter((f) => f.endsWith('.ts'));
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: entries,
    outdir: staging,
    outbase: '.',
    bundle: true, // only so the plugin sees every import; each one is marked external, nothing is inlined
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    logLevel: 'error',
    plugins: [
      {
        name: 'keep-modules',
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (args.kind === 'entry-point') return undefined;
            const relativeTs = /^\.\.?\//.test(args.path) && args.path.endsWith('.ts');
            return { path: relativeTs ? args.path.slice(0, -3) + '.js' : args.path, external: true };
          });
          b.onLoad({ filter: /\.ts$/ }, (args) => ({
            contents: readFileSync(args.path, 'utf8').replace(TS_URL, '$1.js$3'),
            loader: 'ts',
          }));
        },
      },
    ],
  });
  for (const file of files.filter((f) => !f.endsWith('.ts'))) {
    mkdirSync(dirname(join(staging, file)), { recursive: true });
    cpSync(join(root, file), join(staging, file), { preserveTimestamps: true });
  }
  writeFileSync(join(staging, STAMP), JSON.stringify({ fingerprint: print, files: entries.length, builtAt: new Date().toISOString() }) + '\n');
  // appear whole, under the fingerprint's name: two starts building at once land the same files, the second
  // finds the folder taken and drops its own
  const target = buildDir(root, print);
  try {
    renameSync(staging, target);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
  pruneOldBuilds(distOf(root), target);
  return { files: entries.length, dir: relative(root, target) };
}

/** Builds of older sources, once nothing can still be starting from them (an hour old). */
function pruneOldBuilds(dist, keep) {
  for (const entry of readdirSync(dist, { withFileTypes: true })) {
    const path = join(dist, entry.name);
    if (path === keep || !entry.isDirectory()) continue;
    try {
      if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
    } catch {
      // another build pruned it first
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  let built = null;
  try {
    const { files, dir } = await build();
    built = dir;
    console.error(`midgard build: ${files} files → ${dir}/ in ${Math.round(performance.now() - started)} ms`);
  } catch (err) {
    // never fail an install over it: `midgard` falls back to running the TypeScript through tsx
    console.error(`midgard build: failed (${err.message}); npm start will run the TypeScript sources through tsx`);
    process.exitCode = process.argv.includes('--strict') ? 1 : 0;
  }
  // (plain node cannot import the TypeScript: without a build there is no template, and the first start runs initdb)
  if (built && !process.argv.includes('--no-template')) {
    try {
      // an empty embedded database made once per install, so a new world's first start skips initdb
      const { makePgTemplate } = await import(pathToFileURL(join(ROOT, built, 'app/pgTemplate.js')).href);
      const at = performance.now();
      const template = await makePgTemplate();
      if (template) console.error(`midgard build: empty embedded database ready in ${Math.round(performance.now() - at)} ms (${relative(ROOT, template)})`);
    } catch (err) {
      console.error(`midgard build: no empty-database template (${err.message}); a new world's first start runs initdb`);
    }
  }
}
