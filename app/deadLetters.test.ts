import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createMidgard, type Midgard } from './createMidgard.ts';
import { DeadLetterLog } from './deadLetters.ts';
import { failingWorld } from './testing/failingWorld.ts';

const KEY = 'dead-letter-test-key';
const ADMIN = 'dead-letter-admin-key-0123456789';

describe('dead letters', () => {
  let dir: string | undefined;
  const running: Midgard[] = [];
  afterAll(async () => {
    for (const m of running) await m.close().catch(() => {});
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const start = async () => {
    const m = await createMidgard({
      world: failingWorld(),
      dataDir: join(dir!, 'pg'),
      env: {
        MIDGARD_PORT: '0', MIDGARD_HOST: '127.0.0.1', MIDGARD_API_KEYS: KEY, MIDGARD_ADMIN_API_KEYS: ADMIN, MIDGARD_WORKERS: '0',
        MIDGARD_TICK_MS: '20', MIDGARD_SPEED: '1', MIDGARD_CHECKPOINT_TICKS: '2', MIDGARD_EFFECTS_SPILL_DIR: join(dir!, 'spill'), MIDGARD_LOG_LEVEL: 'silent',
      },
    });
    running.push(m);
    return m;
  };
  const listed = async (m: Midgard) => {
    const res = await fetch(`${m.gateway.url}/api/v1/admin/dead-letters`, { headers: { 'x-api-key': ADMIN } });
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: { actorId: string; error: string }[] }).items;
  };

  it('survive a restart: they ride with the checkpoint and are listed again', async () => {
    dir = await mkdtemp(join(tmpdir(), 'midgard-dead-'));
    const first = await start();
    const events = [{ event_id: 'dl-1', event_type: 'custom', player_id: 150_001, timestamp: 1_732_628_400_000, priority: 'normal', payload: {} }];
    const res = await fetch(`${first.gateway.url}/api/v1/events/dispatch`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY }, body: JSON.stringify({ events }) });
    expect(res.status).toBe(200);
    for (let i = 0; i < 200 && first.runtime.deadLetters().length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await listed(first)).map((l) => l.actorId)).toEqual(['fragile:150001']);
    await first.close(); // the last checkpoint carries them
    running.splice(running.indexOf(first), 1);

    const second = await start();
    expect(second.runtime.deadLetters()).toEqual([]); // the runtime's own memory starts empty…
    const again = await listed(second); // …the letters come back from the checkpoint
    expect(again.map((l) => l.actorId)).toEqual(['fragile:150001']);
    expect(again[0]!.error).toMatch(/fragile actor broke/);
  }, 120_000);

  it('keeps only well-formed letters from a checkpoint, and at most the cap', () => {
    const letter = (n: number) => ({ actorId: `a:${n}`, event: { type: 'x' }, error: 'e', tick: n, now: n });
    const log = new DeadLetterLog({ deadLetters: () => [letter(9)] }, [letter(1), { actorId: 3 }, null, letter(2)], 2);
    expect(log.all().map((l) => l.actorId)).toEqual(['a:2', 'a:9']);
    expect(new DeadLetterLog({ deadLetters: () => [] }, 'garbage').all()).toEqual([]);
  });
});
