import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../persistence/database.ts';
import { killMidgard, startMidgard, type MidgardProcess } from '../persistence/midgardProcess.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';
import { freePort } from '../support/freePort.ts';

const BIN = new URL('../../bin/midgard.js', import.meta.url).pathname;
const engine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/** `midgard start` expected to fail: its exit code and what it printed. */
function startExpectingFailure(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (d) => (output += d));
    child.stderr!.on('data', (d) => (output += d));
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output });
    });
  });
}

describe(`one writer per world (${engine})`, () => {
  const schema = uniqueSchema('writer');
  let dataDir: string | undefined;
  let first: MidgardProcess | undefined;
  afterAll(async () => {
    if (first) await killMidgard(first, 'SIGKILL');
    if (engine === 'postgres') {
      const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema, max: 1 });
      await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
      await db.close();
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('a second process on a busy port or on the same world refuses to start, and exits non-zero', async () => {
    if (engine === 'pglite') dataDir = await mkdtemp(join(tmpdir(), 'midgard-writer-'));
    const port = await freePort();
    const env = (p: number): NodeJS.ProcessEnv => ({
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL ?? '',
      MIDGARD_DATA_DIR: dataDir ?? '',
      MIDGARD_DB_SCHEMA: schema,
      REDIS_URL: '',
      MIDGARD_PORT: String(p),
      MIDGARD_HOST: '127.0.0.1',
      MIDGARD_API_KEYS: 'k',
      MIDGARD_WORKERS: '0',
      MIDGARD_NPCS: '2',
      MIDGARD_LOG_LEVEL: 'info',
      ANTHROPIC_API_KEY: '',
      GROQ_API_KEY: '',
    });
    first = await startMidgard(env(port), port);

    const busyPort = await startExpectingFailure(env(port));
    expect(busyPort.code).toBe(1);
    expect(busyPort.output).toMatch(/EADDRINUSE/);
    // it failed before opening the database: the first one never saw a rival
    expect(busyPort.output).not.toMatch(/embedded Postgres|midgard is running/);

    const sameWorld = await startExpectingFailure(env(await freePort()));
    expect(sameWorld.code).toBe(1);
    expect(sameWorld.output).toMatch(engine === 'postgres' ? /already run by another Midgard process/ : /in use by process/);

    // the first one is untouched
    expect((await fetch(`${first.url}/ready`)).status).toBe(200);
  }, 120_000);
});
