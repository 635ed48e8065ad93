import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapWorld } from '../../actors/bootstrap.ts';
import { dispatchGameEvent } from '../../actors/routeGameEvent.ts';
import { createGateway } from '../../gateway/app.ts';
import { defaultSettings } from '../../gateway/config.ts';
import { DAY, HOUR, MINUTE } from '../../machines/kit/time.ts';
import { SCHEDULE } from '../../actors/kinds.ts';
import { MemoryAuditLog, MemoryJournal, MemoryOutbox, MemoryRateLimitStore } from '../../persistence/memory/index.ts';
import { Runtime } from '../../runtime/Runtime.ts';

const catalogue = new URL('../../actors/catalogue.ts', import.meta.url);
const DAY0 = Date.UTC(2026, 0, 1);
/** The original bridge's daily_reset, exactly as it sends it (no player, no map). */
const dailyReset = (timestamp: number) => `{"events":[{"event_type":"daily_reset","payload":{},"priority":"normal","timestamp":${timestamp}}]}`;

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

/** The real world's actors behind the gateway, routed the way app/createMidgard.ts routes journaled events. */
async function world(startTime: number) {
  runtime = await Runtime.create({ catalogue, workers: 0, seed: 5, tickMs: MINUTE, startTime, speed: 'max', passivateAfterMs: 0 });
  const rt = runtime;
  rt.onEffect('ai.decide', (effect, ctx) => ctx.reply({ type: 'ai.decision', requestId: (effect.request as { requestId: string }).requestId, tier: 'rules', provider: 'template', fallback: true }));
  bootstrapWorld((to, event, trace) => rt.send(to, event, 'bootstrap', trace), 0);
  const app = createGateway({
    runtime: rt, journal: new MemoryJournal(), outbox: new MemoryOutbox(), audit: new MemoryAuditLog(), rateLimits: new MemoryRateLimitStore(),
    onEventsJournaled: (events) => {
      for (const e of events) dispatchGameEvent((to, message, trace) => rt.send(to, message, 'game', trace), e, e.key);
    },
    config: { port: 0, hostname: '127.0.0.1', apiKeys: [], adminApiKeys: [], trustedBridges: ['10.0.0.5'], jwtSecret: 'daily-reset-secret-long-enough', settings: defaultSettings(), uiDir: '/nonexistent-ui' },
  });
  const reset = async (timestamp: number) => {
    const res = await app.request('/api/v1/events/dispatch', { method: 'POST', headers: { accept: 'application/json', 'content-type': 'application/json' }, body: dailyReset(timestamp) }, { incoming: { socket: { remoteAddress: '10.0.0.5' } } });
    expect(res.status).toBe(200);
    await rt.tick();
  };
  const runs = async () => ((await rt.getActor('pipeline:main'))?.snapshot as { context: { runs: Record<string, number> } }).context.runs;
  return { rt, reset, runs };
}

const each = (n: number) => Object.fromEntries(SCHEDULE.map((s) => [s.slot, n]));

describe('daily_reset drives the daily pipeline', () => {
  it("runs the day's pipeline when the runtime's own clock has not, and never runs a day twice", async () => {
    // started just after the 00:00 slot: the runtime's own clock would first run the pipeline tomorrow at 00:00
    const { rt, reset, runs } = await world(DAY0 + 5 * MINUTE);
    await rt.runUntil(DAY0 + 10 * MINUTE);
    expect(await runs()).toEqual({});

    await reset(DAY0 + 10 * MINUTE); // the game's day rolled over: today's slots run now
    expect(await runs()).toEqual(each(1));
    await rt.runUntil(DAY0 + 12 * MINUTE);
    for (const s of SCHEDULE) expect(await rt.getActor(s.to), s.to).toBeTruthy(); // each slot's agent got its run

    await rt.runUntil(DAY0 + 8 * HOUR); // today's own timers (00:15 … 07:00) find their slot already run
    expect(await runs()).toEqual(each(1));
    await reset(DAY0 + 8 * HOUR); // a second reset (or the same one retried with another timestamp) the same day
    expect(await runs()).toEqual(each(1));

    await rt.runUntil(DAY0 + DAY + 8 * HOUR); // tomorrow the runtime's clock runs the day itself
    expect(await runs()).toEqual(each(2));
    await reset(DAY0 + DAY + 9 * HOUR); // and the game's reset after it changes nothing
    expect(await runs()).toEqual(each(2));
  }, 60_000);
});
