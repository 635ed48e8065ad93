import { vi } from 'vitest';

/**
 * Collects what a CLI command prints: `out` is stdout (`console.log`), `err` is stderr (`console.error`). Pair with
 * `afterEach(() => vi.restoreAllMocks())`.
 *
 * @example
 * const { out, err } = captureConsole();
 * expect(await run(['--help'])).toBe(0);
 */
export function captureConsole(): { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  return { out, err };
}
