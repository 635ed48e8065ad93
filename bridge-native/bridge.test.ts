import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BRIDGE_PACKAGES, buildCore, missingToolchain, TEST_BINARY } from './buildCore.ts';

const run = promisify(execFile);
const missing = await missingToolchain();
if (missing) console.warn(`[bridge-native] C++ unit tests SKIPPED: ${missing}`);

describe.skipIf(missing !== null)('bridge-native C++ core (doctest)', () => {
  it('builds with cmake and every doctest case passes', { timeout: 600_000 }, async () => {
    await buildCore();
    let stdout = '';
    let failed: string | null = null;
    try {
      ({ stdout } = await run(TEST_BINARY, ['--no-colors'], { maxBuffer: 16 * 1024 * 1024, timeout: 240_000 }));
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string; message: string };
      stdout = e.stdout ?? '';
      failed = `${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`;
    }
    expect(failed, failed ?? '').toBeNull();
    const summary = /test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/.exec(stdout);
    expect(summary, stdout).not.toBeNull();
    const [, total, passed, failedCount] = summary!.map(Number);
    expect(failedCount).toBe(0);
    expect(passed).toBe(total);
    expect(total).toBeGreaterThanOrEqual(30);
  });
});

describe('bridge-native prerequisites', () => {
  it('a missing library skips the suites and names the Debian package to install', async () => {
    const without = (debian: string) => BRIDGE_PACKAGES.map((p) => (p.debian === debian ? { ...p, present: async () => false } : { ...p, present: async () => true }));
    expect(await missingToolchain(without('doctest-dev'))).toBe('missing doctest/doctest.h: apt-get install doctest-dev');
    expect(await missingToolchain(without('cmake'))).toBe('missing cmake: apt-get install cmake');
    expect(await missingToolchain(BRIDGE_PACKAGES.map((p) => ({ ...p, present: async () => true })))).toBeNull();
  });
});
