/**
 * Polls `probe` until it returns something other than `null`, `undefined` or `false`, and returns that; fails
 * naming `what` once `timeoutMs` has passed. A probe that throws fails at once. Tests wait on outcomes this
 * way, bounded, never on fixed sleeps.
 *
 * @example
 * await until('the gateway to be ready', async () => (await fetch(url)).ok);
 * const row = await until('the row to land', () => table.get(id), { timeoutMs: 5_000 });
 */
export async function until<T>(
  what: string,
  probe: () => T | Promise<T>,
  { timeoutMs = 10_000, stepMs = 20 }: { timeoutMs?: number; stepMs?: number } = {},
): Promise<Exclude<T, null | undefined | false>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value as Exclude<T, null | undefined | false>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}
