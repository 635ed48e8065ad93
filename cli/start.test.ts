import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../persistence/database.ts';
import { uniqueSchema } from '../test/persistence/pgTargets.ts';
import { freePort } from '../test/support/freePort.ts';
import { until } from '../test/support/until.ts';
import { connectNats, natsUnavailable } from '../cluster/nats.ts';
import { WorldNode } from '../cluster/WorldNode.ts';

const bin = new URL('../bin/midgard.js', import.meta.url).pathname;
const url = process.env.DATABASE_URL;
/** a world node needs NATS with JetStream: without it the two-process case skips, saying why */
const noNats = await natsUnavailable();
if (noNats) console.warn(`cli/start.test.ts: the world-node case skips: ${noNats}`);
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

/** `midgard start …` as a child process: its output so far, and its exit code once it exits. */
function start(args: string[], extra: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const env: NodeJS.ProcessEnv = { ...process.env, MIDGARD_HOST: '127.0.0.1', MIDGARD_LOG_LEVEL: 'info', MIDGARD_WORKERS: '0', REDIS_URL: '', ...extra };
  delete env.VITEST;
  const child = spawn(process.execPath, [bin, 'start', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  return { child, output: () => out, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))) };
}

describe('midgard start --role', () => {
  it('refuses a role it does not know (exit 2, naming the roles)', async () => {
    const run = start(['--role', 'everything'], {});
    expect(await run.exited).toBe(2);
    expect(run.output()).toContain("--role must be one of all, gateway, world, got 'everything'");
  }, 60_000);

  it('refuses role gateway on the embedded database, naming DATABASE_URL', async () => {
    const run = start(['--role', 'gateway'], { DATABASE_URL: '', MIDGARD_PORT: String(await freePort()) });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/role 'gateway' needs DATABASE_URL/);
  }, 60_000);

  describe.runIf(url && !noNats)('a world node process and a gateway process on one schema', () => {
    const schema = uniqueSchema('cli_roles');
    afterAll(async () => {
      const db = await openDatabase({ url, schema, max: 1 });
      await db.sql`drop schema if exists ${db.sql(schema)} cascade`;
      await db.close();
      const nc = await connectNats();
      await WorldNode.forget(nc, schema); // the world's name defaults to its schema
      await nc.close();
    });

    it('the world follows what the gateway journals, and both stop cleanly', async () => {
      const shared = { DATABASE_URL: url!, MIDGARD_DB_SCHEMA: schema, MIDGARD_NPCS: '5', MIDGARD_TICK_MS: '20', MIDGARD_CHECKPOINT_TICKS: '2', MIDGARD_API_KEYS: 'cli-roles-key', MIDGARD_LEASE_TTL_MS: '1000' };
      const port = await freePort();
      const healthPort = await freePort();
      const world = start(['--role', 'world'], { ...shared, MIDGARD_PORT: String(healthPort) });
      const gateway = start([], { ...shared, MIDGARD_ROLE: 'gateway', MIDGARD_PORT: String(port) }); // the setting, not the flag
      // the only node of its world: it serves every host slot and, holding the conductor lease, runs the world
      await until('both to be ready', () => world.output().includes('the world is ticking on this node') && gateway.output().includes('midgard gateway is ready'), { timeoutMs: 60_000, stepMs: 100 });
      const base = `http://127.0.0.1:${port}`;
      expect(await (await fetch(`${base}/health`)).json()).toEqual({ status: 'ok', role: 'gateway', tick: null });
      // the world's health port: its role and its tick, and nothing of the bridge API
      const worldHealth = `http://127.0.0.1:${healthPort}`;
      expect(await (await fetch(`${worldHealth}/health`)).json()).toMatchObject({ status: 'ok', role: 'world', tick: expect.any(Number) });
      expect(await (await fetch(`${worldHealth}/ready`)).json()).toMatchObject({ status: 'ready', role: 'world', database: true, runtime: true, tick: expect.any(Number) });
      expect((await fetch(`${worldHealth}/api/v1/actions/pending`)).status).toBe(404);
      const event = { event_id: 'cli-roles-1', event_type: 'player_login', player_id: 150001, map: 'prontera', timestamp: 1732628400000, priority: 'normal', payload: { action: 'login' } };
      const res = await fetch(`${base}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'cli-roles-key' }, body: JSON.stringify({ events: [event] }) });
      expect(res.status).toBe(200);
      // the world's checkpoints cover the event only once it routed it: the journal's applied mark moves past it
      const db = await openDatabase({ url, schema, max: 1 });
      try {
        await until('the world to checkpoint past the event', async () => {
          const [row] = await db.sql<{ value: number }[]>`select value from counters where name = 'journal_applied'`;
          return Number(row?.value) >= 1;
        }, { timeoutMs: 30_000, stepMs: 100 });
      } finally {
        await db.close();
      }
      gateway.child.kill('SIGTERM');
      world.child.kill('SIGTERM');
      expect(await gateway.exited).toBe(0);
      expect(await world.exited).toBe(0);
    }, 150_000);
  });
});
