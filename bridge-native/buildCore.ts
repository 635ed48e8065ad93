import { execFile } from 'node:child_process';
import { mkdir, rmdir, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** bridge-native/ itself, and the (gitignored) build directory every test shares. */
export const BRIDGE_DIR = path.dirname(fileURLToPath(import.meta.url));
export const BUILD_DIR = path.join(BRIDGE_DIR, 'build');
export const TEST_BINARY = path.join(BUILD_DIR, 'aiworld_tests');
export const DRIVER_BINARY = path.join(BUILD_DIR, 'aiworld_driver');

async function has(command: string): Promise<boolean> {
  try {
    await run('sh', ['-c', `command -v ${command}`]);
    return true;
  } catch {
    return false;
  }
}

const INCLUDE_DIRS = ['/usr/include', '/usr/local/include'];
const header = (relative: string) => async () => INCLUDE_DIRS.some((dir) => existsSync(path.join(dir, relative)));
async function pkgConfig(module: string): Promise<boolean> {
  try {
    await run('pkg-config', ['--exists', module]);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the C++ suites need, each with the Debian package that provides it and how to tell it is there. The
 * README's install line is this list; a missing library used to fail the build instead of skipping.
 */
export const BRIDGE_PACKAGES: { debian: string; what: string; present: () => Promise<boolean> }[] = [
  { debian: 'cmake', what: 'cmake', present: () => has('cmake') },
  { debian: 'g++', what: 'a C++ compiler', present: async () => (await has('c++')) || (await has('g++')) || (await has('clang++')) },
  { debian: 'pkg-config', what: 'pkg-config', present: () => has('pkg-config') },
  { debian: 'nlohmann-json3-dev', what: 'nlohmann/json.hpp', present: header('nlohmann/json.hpp') },
  { debian: 'libcpp-httplib-dev', what: 'cpp-httplib', present: () => pkgConfig('cpp-httplib') },
  { debian: 'doctest-dev', what: 'doctest/doctest.h', present: header('doctest/doctest.h') },
];

/**
 * Why the C++ suites cannot run here (naming the Debian packages to install), or null when everything is present.
 *
 * @example
 * const missing = await missingToolchain(); // 'missing doctest/doctest.h: apt-get install doctest-dev'
 */
export async function missingToolchain(packages = BRIDGE_PACKAGES): Promise<string | null> {
  const absent: typeof packages = [];
  for (const p of packages) if (!(await p.present())) absent.push(p);
  if (absent.length === 0) return null;
  return `missing ${absent.map((p) => p.what).join(', ')}: apt-get install ${absent.map((p) => p.debian).join(' ')}`;
}

// Vitest runs test files in parallel forks and two of them build this tree: a directory lock serialises
// the builds (mkdir is atomic). A lock older than the longest build is left over from a killed run.
const LOCK_DIR = path.join(BUILD_DIR, '.build-lock');
const STALE_LOCK_MS = 10 * 60_000;

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  await mkdir(BUILD_DIR, { recursive: true });
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch {
      const info = await stat(LOCK_DIR).catch(() => null);
      if (info && Date.now() - info.mtimeMs > STALE_LOCK_MS) await rmdir(LOCK_DIR).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    await rmdir(LOCK_DIR).catch(() => undefined);
  }
}

/**
 * Configures (first time only) and builds the core, its unit tests and the test driver. Incremental: an
 * unchanged tree rebuilds in about a second. Throws with cmake's output when the build fails.
 *
 * @example
 *   await buildCore();
 *   await execFile(TEST_BINARY, []);
 */
export async function buildCore(): Promise<void> {
  await withBuildLock(async () => {
    const opts = { cwd: BRIDGE_DIR, maxBuffer: 32 * 1024 * 1024 };
    try {
      // the list of targets is written only by a configure that succeeded; a cache alone may be left by one
      // that failed (a missing library), and building on that finds no build system
      if (!existsSync(path.join(BUILD_DIR, 'CMakeFiles', 'TargetDirectories.txt'))) {
        await run('cmake', ['-S', BRIDGE_DIR, '-B', BUILD_DIR, '-DCMAKE_BUILD_TYPE=Debug'], opts);
      }
      await run('cmake', ['--build', BUILD_DIR, '--parallel', '2'], opts);
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      throw new Error(`bridge-native build failed: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
    }
  });
}
