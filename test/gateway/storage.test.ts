import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../persistence/database.ts';
import { migrate } from '../../persistence/migrate.ts';
import { PgAuditLog, PgJournal, PgOutbox } from '../../persistence/pg/index.ts';
import { openRateLimits } from '../../persistence/redis/index.ts';
import type { RateLimitStore } from '../../persistence/types.ts';
import { createGateway, type GatewayApp } from '../../gateway/app.ts';
import { defaultSettings } from '../../gateway/config.ts';
import { RecordingWorld } from '../../gateway/testing/RecordingWorld.ts';
import { BRIDGE_KEY, loginEvent, TEST_SECRET, tokenFor } from '../../gateway/testing/harness.ts';

// The gateway on the production stores: Postgres when DATABASE_URL is set (else embedded PGlite), Redis rate
// limits when REDIS_URL is set (else in-process). Own schema and key prefix: parallel runs never collide.
const tag = `gw_${randomBytes(4).toString('hex')}`;
let db: Database;
let limits: RateLimitStore & { close(): Promise<void> };
let app: GatewayApp;
let journal: PgJournal;
let outbox: PgOutbox;
let audit: PgAuditLog;

beforeAll(async () => {
  db = await openDatabase({ url: process.env.DATABASE_URL || undefined, schema: tag, dataDir: null, max: 4 });
  await migrate(db.sql);
  limits = await openRateLimits({ prefix: `${tag}:` });
  journal = new PgJournal(db.sql);
  outbox = new PgOutbox(db.sql);
  audit = new PgAuditLog(db.sql);
  app = createGateway({
    runtime: new RecordingWorld(), journal, outbox, audit, rateLimits: limits, onEventsJournaled: () => {},
    config: { port: 0, hostname: '127.0.0.1', apiKeys: [BRIDGE_KEY], adminApiKeys: [], trustedBridges: [], jwtSecret: TEST_SECRET, settings: defaultSettings(), uiDir: '/nonexistent-ui' },
    // a fixed clock: a minute boundary during the run must not reset the admin window under the test
    now: () => 1_800_000_030_000,
    ready: async () => (await db.sql`select 1 as ok`)[0]?.ok === 1,
  });
}, 60_000);

afterAll(async () => {
  await limits?.close();
  if (db?.engine === 'postgres') await db.sql`drop schema if exists ${db.sql(tag)} cascade`;
  await db?.close();
});

const bridge = { 'content-type': 'application/json', 'x-api-key': BRIDGE_KEY };

describe(`gateway on Postgres stores (${process.env.DATABASE_URL ? 'postgres' : 'pglite'}, ${process.env.REDIS_URL ? 'redis' : 'memory'} limits)`, () => {
  it('journals a dispatch durably and ignores the retried batch', async () => {
    const body = JSON.stringify({ events: [loginEvent(150001), loginEvent(150002)] });
    expect(await (await app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body })).json()).toEqual({ accepted: 2, duplicates: 0, throttled: 0, refused: [] });
    expect(await (await app.request('/api/v1/events/dispatch', { method: 'POST', headers: bridge, body })).json()).toEqual({ accepted: 0, duplicates: 2, throttled: 0, refused: [] });
    const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from event_journal`;
    expect(n).toBe(2);
  });

  it('leases each action to exactly one of many concurrent pollers, and completes idempotently', async () => {
    await outbox.enqueue(Array.from({ length: 30 }, (_, i) => ({ action_id: `pg-a-${i}`, action_type: 'broadcast_message', payload: { message: `m${i}` } })));
    const polls = await Promise.all(Array.from({ length: 6 }, () => Promise.resolve(app.request("/api/v1/actions/pending?limit=10", { headers: bridge })).then((r) => r.json() as Promise<{ actions: { action_id: string }[] }>)));
    const ids = polls.flatMap((p) => p.actions.map((a: { action_id: string }) => a.action_id));
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    const complete = JSON.stringify({ action_id: 'pg-a-3', status: 'completed', message: 'ok', timestamp: 1732628401000 });
    expect((await app.request('/api/v1/actions/complete', { method: 'POST', headers: bridge, body: complete })).status).toBe(200);
    expect((await app.request('/api/v1/actions/complete', { method: 'POST', headers: bridge, body: complete })).status).toBe(200);
    expect((await outbox.get('pg-a-3'))!.status).toBe('completed');
  });

  it('writes admin actions to admin_audit_log and limits admins through the shared store', async () => {
    const gm = { authorization: `Bearer ${await tokenFor('gm', 'pg-gm')}` };
    expect((await app.request('/api/v1/admin/world/pause', { method: 'POST', headers: gm })).status).toBe(200);
    const rows = await db.sql`select admin_user, action_type from admin_audit_log`;
    expect(rows.map((r) => [r.admin_user, r.action_type])).toEqual([['pg-gm', 'world.pause']]);
    let last = 0;
    for (let i = 0; i < 50; i++) last = (await app.request('/api/v1/admin/world/pause', { method: 'POST', headers: gm })).status;
    expect(last).toBe(429); // 1 + 49 writes pass, the 51st is refused (reads have a budget of their own)
    expect((await app.request('/ready')).status).toBe(200);
  });
});
