import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../test/support/captureConsole.ts';
import { help, main } from './main.ts';

afterEach(() => vi.restoreAllMocks());

const capture = captureConsole;

const COMMANDS = ['migrate', 'player', 'retention', 'sim', 'start', 'token'];

describe('midgard (dispatcher)', () => {
  it('lists every command with its summary, and no helper module', () => {
    const text = help();
    for (const name of COMMANDS) expect(text).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
    expect(text).not.toMatch(/^ {2}(banner|args|progress|devSecret|main) /m);
  });

  it.each(COMMANDS)('`%s --help` prints its usage on stdout and exits 0', async (name) => {
    const { out, err } = capture();
    expect(await main([name, '--help'])).toBe(0);
    expect(out.join('\n')).toContain(`usage: midgard ${name}`);
    expect(err).toEqual([]);
  });

  it('`help <command>` is the same as `<command> --help`; an unknown command is exit 2 on stderr', async () => {
    const { out, err } = capture();
    expect(await main(['help', 'token'])).toBe(0);
    expect(out.join('\n')).toContain('usage: midgard token');
    expect(await main(['banner'])).toBe(2);
    expect(err.join('\n')).toContain("unknown command 'banner'");
  });

  it('an option mistake is one plain sentence plus the usage, exit 2', async () => {
    const { out, err } = capture();
    expect(await main(['token', '--role'])).toBe(2);
    expect(err.join('\n')).toMatch(/^midgard token: --role needs a value \(--role VALUE\)\n\nusage: midgard token/);
    expect(out).toEqual([]);
  });
});
