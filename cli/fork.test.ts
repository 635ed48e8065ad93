import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../test/support/captureConsole.ts';
import { run } from './fork.ts';

afterEach(() => vi.restoreAllMocks());

/** Bad input is refused before any database is opened: these run without one. */
describe('midgard fork: bad input changes nothing', () => {
  it('explains a bad override, a bad --from and a bad --days, exit 2', async () => {
    const { err } = captureConsole();
    expect(await run(['--set', 'economy.dropFactor=-1', '--database-url', 'postgres://nobody@127.0.0.1:1/none'])).toBe(2);
    expect(err[0]).toMatch(/^midgard fork: --set: economy\.dropFactor: economy\.dropFactor must be > 0/);
    expect(await run(['--from', 'yesterday'])).toBe(2);
    expect(err.at(-1)).toMatch(/usage: midgard fork/);
    expect(err.join('\n')).toMatch(/--from must be 'latest', a checkpoint id or an ISO time/);
    expect(await run(['--days', '0'])).toBe(2);
    expect(err.join('\n')).toMatch(/--days must be at least 1/);
    expect(await run(['--overrides', '/nonexistent/overrides.json'])).toBe(2);
    expect(err.join('\n')).toMatch(/cannot read \/nonexistent\/overrides\.json/);
    expect(await run(['sideways'])).toBe(2);
    expect(err.join('\n')).toMatch(/unknown subcommand 'sideways'/);
  });

  it('answers --help', async () => {
    const { out } = captureConsole();
    expect(await run(['--help'])).toBe(0);
    expect(out[0]).toMatch(/^usage: midgard fork/);
  });
});
