import { Counter, Gauge, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { contextDiff, stateKey as runtimeStateKey } from '../../../runtime/stateKey.ts';
import { parsePrometheus, summarise } from './metrics.js';
import { SseParser } from './sse.js';
import { activeIds, contextHistory, stateKey } from './state.js';

describe('dashboard state helpers', () => {
  it('flatten state values exactly as the runtime lists them', () => {
    const values = ['idle', { working: 'gathering' }, { a: { b: 'c' } }, { p: 'x', q: { r: 's' } }, { empty: {} }, null, undefined];
    for (const v of values) expect(stateKey(v)).toBe(runtimeStateKey(v));
  });

  it('mark a state and its ancestors active, per parallel region', () => {
    expect([...activeIds('npc', 'working.gathering')].sort()).toEqual(['npc.working', 'npc.working.gathering']);
    expect([...activeIds('m', 'a.b|c')].sort()).toEqual(['m.a', 'm.a.b', 'm.c']);
    expect(activeIds('m', 'store').size).toBe(0);
  });

  it('rebuild the context at every point of the timeline from the diffs the runtime records', () => {
    const states = [{ count: 0, seen: [] as string[] }, { count: 1, seen: [] }, { count: 1, seen: ['x'], extra: true }, { count: 4, seen: ['x'] }];
    const transitions = states.slice(1).map((after, i) => ({ contextDiff: contextDiff(states[i], after) }));
    const history = contextHistory(states.at(-1), transitions);
    expect(history.before).toEqual(states[0]);
    expect(history.after).toEqual(states.slice(1));
  });
});

describe('SseParser', () => {
  it('reassembles events split across chunks, joins multi-line data and skips comments', () => {
    const p = new SseParser();
    expect(p.push('event: metrics\ndata: {"a"')).toEqual([]);
    expect(p.push(':1}\n\n: keep-alive\n\nevent: transition\r\ndata: 1\r\ndata: 2\r\n\r\ndata: x\n')).toEqual([
      { event: 'metrics', data: '{"a":1}' },
      { event: 'transition', data: '1\n2' },
    ]);
    expect(p.push('\n')).toEqual([{ event: 'message', data: 'x' }]);
  });
});

describe('metrics reading', () => {
  it('sums LLM calls by tier, spend and the cache hit rate from real prom-client output', async () => {
    const registry = new Registry();
    const calls = new Counter({ name: 'llm_api_calls_total', help: 'h', labelNames: ['provider', 'model', 'tier', 'outcome'], registers: [registry] });
    const cost = new Gauge({ name: 'llm_cost_daily_usd', help: 'h', labelNames: ['provider'], registers: [registry] });
    const hit = new Gauge({ name: 'decision_cache_hit_rate', help: 'h', registers: [registry] });
    calls.inc({ provider: 'anthropic', model: 'haiku', tier: 'fast', outcome: 'ok' }, 3);
    calls.inc({ provider: 'groq', model: 'llama', tier: 'fast', outcome: 'error' }, 2);
    calls.inc({ provider: 'anthropic', model: 'sonnet', tier: 'deep', outcome: 'ok' });
    cost.set({ provider: 'anthropic' }, 0.0123);
    hit.set(0.75);
    const summary = summarise(parsePrometheus(await registry.metrics()));
    expect(summary).toEqual({ callsByTier: { fast: 5, deep: 1 }, costByProvider: { anthropic: 0.0123 }, cacheHitRate: 0.75 });
  });

  it('reads escaped label values', () => {
    expect(parsePrometheus('x{a="q\\"uote",b="2"} 4\n')).toEqual([{ name: 'x', labels: { a: 'q"uote', b: '2' }, value: 4 }]);
  });
});
