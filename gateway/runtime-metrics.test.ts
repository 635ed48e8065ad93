import { describe, expect, it } from 'vitest';
import { makeHarness } from './testing/harness.ts';

describe('runtime gauges on /metrics', () => {
  it('report actors by kind and state, tick, mailbox depth, dead letters and pauses', async () => {
    const h = makeHarness();
    h.world.actors.get('npc:guard')!.state = 'patrolling';
    h.world.actors.get('npc:guard')!.paused = true;
    await h.world.stepWorld();
    const text = await (await h.app.request('/metrics')).text();
    expect(text).toContain('midgard_actors{kind="npc",state="idle"} 1');
    expect(text).toContain('midgard_actors{kind="npc",state="patrolling"} 1');
    expect(text).toContain('midgard_actors{kind="faction",state="idle"} 1');
    expect(text).toContain('midgard_world_tick 1');
    expect(text).toContain('midgard_world_paused 0');
    expect(text).toContain('midgard_dead_letters 0');
    expect(text).toMatch(/^midgard_events_delivered \d+$/m);
    expect(text).toContain('midgard_mailbox_depth{kind="npc"} 2');
    expect(text).toContain('midgard_actors_paused{kind="npc"} 1');
    expect(text).toContain('midgard_actors_paused{kind="faction"} 0');
  });
});
