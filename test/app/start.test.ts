import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.ts';

/**
 * `midgard start` as a user runs it: a child process on the embedded defaults (no DATABASE_URL, no REDIS_URL),
 * driven over HTTP with the bridge contract's JSON, stopped with SIGTERM and started again on the same data.
 */
const bin = new URL('../../bin/midgard.js', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'midgard-start-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

async function start(port: number): Promise<{ child: ChildProcess; output: () => string; exited: Promise<number | null> }> {
  const env: NodeJS.ProcessEnv = { ...process.env, MIDGARD_PORT: String(port), MIDGARD_HOST: '127.0.0.1', MIDGARD_DATA_DIR: dataDir, MIDGARD_API_KEYS: 'test-key', MIDGARD_NPCS: '20', MIDGARD_WORKERS: '1', MIDGARD_LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.VITEST;
  const child = spawn(process.execPath, [bin, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 60_000;
  while (!out.includes('midgard is running')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`midgard did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, output: () => out, exited };
}

const event = { event_type: 'player_login', player_id: 150001, map: 'prontera', timestamp: 1732628400000, priority: 'normal', payload: { action: 'login' } };

describe('midgard start', () => {
  it('serves the bridge on the embedded defaults, shuts down cleanly, and restarts into the same world', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await start(port);
    expect(first.output()).toMatch(/"engine":"pglite".*"restored":false/);
    expect(await (await fetch(`${base}/ready`)).json()).toMatchObject({ status: 'ready' });

    const dispatch = (body: unknown) => fetch(`${base}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': 'test-key' }, body: JSON.stringify(body) });
    const ok = await dispatch({ events: [event] });
    expect(ok.status).toBe(200);
    expect((await dispatch({ events: [event] })).status).toBe(200); // same content, no id: a duplicate, still 2xx
    // a bad event is refused on its own (200, listed) and kept in Postgres for the admin API
    expect(await (await dispatch({ events: [{ ...event, player_id: 'x' }] })).json()).toMatchObject({ accepted: 0, refused: [{ index: 0, event_type: 'player_login' }] });
    expect((await dispatch({ events: {} })).status).toBe(400);
    const unauthenticated = await fetch(`${base}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ events: [event] }) });
    expect(unauthenticated.status).toBe(401);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/SIGTERM received, shutting down/);
    expect(first.output()).toMatch(/gateway closed/);

    const second = await start(port);
    expect(second.output()).toMatch(/"restored":true/);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds/);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
  }, 150_000);
});
