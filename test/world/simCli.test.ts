import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureConsole } from '../support/captureConsole.ts';
import { run } from '../../cli/sim.ts';

afterEach(() => vi.restoreAllMocks());

const capture = captureConsole;

// One database-backed run per file (a fresh PGlite costs seconds and ~750 MB): the memory run is compared to it.
let withDatabase: Record<string, unknown> | undefined;

describe('midgard sim (command)', () => {
  it('prints one JSON summary; the store follows DATABASE_URL (its own schema), else the embedded PGlite', async () => {
    const { out } = capture();
    expect(await run(['--npcs', '60', '--days', '1', '--seed', '5', '--workers', '0', '--json'])).toBe(0);
    expect(out).toHaveLength(1);
    const summary = JSON.parse(out[0]!);
    expect(summary).toMatchObject({ npcs: 60, days: 1, seed: 5, store: process.env.DATABASE_URL ? 'postgres' : 'pglite' });
    expect(summary.actions.total).toBeGreaterThan(50);
    expect(summary.wall.simDaysPerSecond).toBeGreaterThan(0);
    withDatabase = summary;
  }, 90_000); // a fresh PGlite alone takes ~25 s on the shared 2-core machine

  it('with --store memory gives the same world summary as with a database', async () => {
    const { out } = capture();
    expect(await run(['--npcs', '60', '--days', '1', '--seed', '5', '--workers', '0', '--json', '--store', 'memory'])).toBe(0);
    const a = JSON.parse(out[0]!);
    const b = { ...withDatabase! };
    for (const s of [a, b]) {
      delete s.wall;
      delete s.store;
    }
    expect(a).toEqual(b);
  });

  it.each([[['--npcs', 'many']], [['--days', '0']], [['--store', 'floppy']], [['--frobnicate']], [['extra']]])('rejects %j with usage and exit code 2', async (args) => {
    const { out, err } = capture();
    expect(await run(args)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('usage: midgard sim');
  });
});

describe('midgard sim --record / --replay', () => {
  it('records the AI decisions of a run to a file and replays them to the same world', async () => {
    const { mkdtemp, rm, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'midgard-cli-'));
    try {
      const file = join(dir, 'ai.jsonl');
      const { out, err } = capture();
      const args = ['--npcs', '60', '--days', '1', '--seed', '9', '--store', 'memory', '--json'];
      expect(await run([...args, '--record', file])).toBe(0);
      expect((await readFile(file, 'utf8')).trim().split('\n').length).toBeGreaterThan(0);
      expect(await run([...args, '--replay', file])).toBe(0);
      const [live, replay] = out.map((o) => JSON.parse(o));
      expect(live.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(replay.hash).toBe(live.hash);
      expect(replay.router.replayed).toBe(live.router.decisions);
      expect(err.join('\n')).toMatch(/AI decisions recorded/);
      expect(await run([...args, '--record', file, '--replay', file])).toBe(2);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
