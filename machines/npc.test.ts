import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { npcMachine, learn, DIALOGUE_DEADLINE, MAX_TALKS, RECALL_TIMEOUT, type NpcContext } from './npc.ts';
import { OUTPUT } from './kit/outputs.ts';
import { HOUR } from './kit/time.ts';
import { neighboursOf, npcId } from './kit/ids.ts';

describe('npc', () => {
  it('is a statechart of what it is busy with, so the dashboard draws its behaviour', () => {
    expect(Object.keys(npcMachine.root.states)).toEqual(['idle', 'chatting', 'trading', 'working', 'resting', 'patrolling', 'conversing']);
    const json = JSON.stringify(npcMachine.root.definition.transitions.map((t) => t.guard));
    for (const guard of ['decides to chat', 'decides to trade', 'decides to work', 'decides to rest', 'decides to patrol', 'a player']) expect(json).toContain(guard);
  });

  it('sleeps and wakes through a plain JSON snapshot, mid-conversation, and carries on', () => {
    const npc = drive(npcMachine, 'npc:9');
    npc.send({ type: 'npc_interaction', player_id: 5 }, { now: 1 });
    const snapshot = JSON.parse(JSON.stringify(npc.actor.getPersistedSnapshot()));
    expect(snapshot).toMatchObject({ status: 'active', value: 'conversing', children: {}, historyValue: {} });
    const again = drive(npcMachine, 'npc:9', {}, { snapshot });
    expect(again.outputs).toEqual([]); // no second first-wake timer on revival
    again.send({ type: 'memory.recalled', requestId: 'npc:9/0', memories: [] }, { now: 2 });
    again.send({ type: 'ai.decision', requestId: 'npc:9/0', text: 'Welcome back.', fallback: false }, { now: 3 });
    expect(again.value()).toBe('idle');
    expect(again.actions('broadcast_message')[0]!.payload.message).toMatch(/: Welcome back\.$/);
  });

  it('a wake decides and moves to what it chose; a chat or a trade is over when the neighbour answers', () => {
    const npc = drive(npcMachine, 'npc:7');
    expect(npc.value()).toBe('idle');
    npc.send({ type: 'npc.spawn', population: 50 });
    const seen = new Set<string>();
    for (let i = 0; i < 80; i++) {
      const out = npc.send({ type: 'npc.wake' }, { now: i * HOUR });
      const state = String(npc.value());
      seen.add(state);
      const sent = out.filter((o) => o.type === OUTPUT.send) as any[];
      if (state === 'chatting') {
        expect(sent.map((o) => o.event.type)).toEqual(['npc.chat']);
        npc.send({ type: 'npc.chat', rumours: [], reply: true }, { now: i * HOUR + 1, from: sent[0].to });
        expect(npc.value()).toBe('idle');
      } else if (state === 'trading') {
        expect(sent.map((o) => o.event.type)).toEqual(['npc.trade.offer']);
        const goods = npc.context<NpcContext>().goods;
        npc.send({ type: 'npc.trade.accept', item_id: sent[0].event.item_id, price: sent[0].event.price }, { now: i * HOUR + 1, from: sent[0].to });
        expect(npc.value()).toBe('idle');
        expect(npc.context<NpcContext>().goods).toBe(Math.max(0, goods - 1));
      } else {
        expect(sent).toEqual([]);
      }
    }
    for (const state of seen) expect(['chatting', 'trading', 'working', 'resting', 'patrolling']).toContain(state);
    expect(seen.size).toBeGreaterThanOrEqual(3);
  });

  it('a player keeps it conversing: its wakes still decide and act, and the last answer leaves it idle', () => {
    const npc = drive(npcMachine, 'npc:9');
    npc.send({ type: 'npc.spawn', population: 50 });
    npc.send({ type: 'npc_interaction', player_id: 5 }, { now: 1 });
    expect(npc.value()).toBe('conversing');
    const out = npc.send({ type: 'npc.wake' }, { now: 2 });
    expect(out.find((o) => o.type === OUTPUT.timer)).toMatchObject({ timer: { id: 'wake', event: { type: 'npc.wake' } } });
    expect(npc.value()).toBe('conversing');
    expect(npc.context<NpcContext>().lastActivity).not.toBe('');
    // answers for no open talk change nothing, in any state
    expect(npc.send({ type: 'memory.recalled', requestId: 'npc:9/7', memories: [] }, { now: 3 })).toEqual([]);
    npc.send({ type: 'dialogue.timeout', requestId: 'npc:9/0' }, { now: 4 });
    expect(npc.value()).toBe('idle');
    expect(npc.send({ type: 'ai.decision', requestId: 'npc:9/0', text: 'late', fallback: false }, { now: 5 })).toEqual([]);
  });

  it('schedules its first wake on creation and re-arms the wake timer every time it wakes', () => {
    const npc = drive(npcMachine, 'npc:7');
    const first = npc.outputs.find((o) => o.type === OUTPUT.timer);
    expect(first).toMatchObject({ timer: { id: 'wake', event: { type: 'npc.wake' } } });
    const out = npc.send({ type: 'npc.wake' }, { now: 5 * HOUR });
    const next = out.find((o) => o.type === OUTPUT.timer) as any;
    expect(next.timer.at).toBeGreaterThanOrEqual(5 * HOUR + 4 * HOUR);
    expect(next.timer.at).toBeLessThanOrEqual(5 * HOUR + 7 * HOUR);
  });

  it('chats only with its computed neighbours and passes on what it heard', () => {
    const npc = drive(npcMachine, 'npc:7');
    npc.send({ type: 'npc.spawn', population: 50 });
    npc.send({ type: 'rumour.seed', id: 'r1', text: 'an Orc Lord was seen' }, { now: 1 });
    const allowed = new Set(neighboursOf(7, 50).map(npcId));
    for (let i = 0; i < 60; i++) npc.send({ type: 'npc.wake' }, { now: i * HOUR });
    const chats = npc.messages().filter((m) => m.event.type === 'npc.chat');
    expect(chats.length).toBeGreaterThan(0);
    for (const c of chats) {
      expect(allowed.has(c.to)).toBe(true);
      expect((c.event as any).rumours[0]).toMatchObject({ id: 'r1', hops: 1 });
    }
  });

  it('an NPC that was never told the population (a stray npc_id) answers but never reaches out', () => {
    const stray = drive(npcMachine, 'npc:110000123');
    for (let i = 0; i < 60; i++) stray.send({ type: 'npc.wake' }, { now: i * HOUR });
    expect(stray.messages()).toEqual([]);
    expect(stray.send({ type: 'npc.chat', rumours: [], reply: false }, { from: 'npc:4' })).toHaveLength(1);
    // and a bootstrapped NPC never addresses an id at or past the population
    const edge = drive(npcMachine, 'npc:120');
    edge.send({ type: 'npc.wake', population: 121 });
    for (let i = 0; i < 60; i++) edge.send({ type: 'npc.wake' }, { now: i * HOUR });
    const targets = edge.messages().filter((m) => m.to.startsWith('npc:')).map((m) => Number(m.to.slice(4)));
    expect(targets.length).toBeGreaterThan(0);
    expect(Math.max(...targets)).toBeLessThan(121);
  });

  it('answers a chat with its own rumours, learns new ones once, and never answers a reply', () => {
    const npc = drive(npcMachine, 'npc:8');
    npc.send({ type: 'rumour.seed', id: 'mine', text: 'the well is dry' }, { now: 1 });
    const out = npc.send({ type: 'npc.chat', rumours: [{ id: 'r9', text: 'bandits at dawn', origin: 'npc:9', hops: 2 }], reply: false }, { now: 2, from: 'npc:9' });
    expect(out).toEqual([{ type: OUTPUT.send, to: 'npc:9', event: { type: 'npc.chat', rumours: [{ id: 'mine', text: 'the well is dry', origin: 'npc:8', hops: 1 }], reply: true } }]);
    expect(npc.context<NpcContext>().rumours.find((r) => r.id === 'mine')!.told).toBe(1);
    expect(npc.context<NpcContext>().rumours.map((r) => r.id)).toEqual(['r9', 'mine']);
    expect(npc.send({ type: 'npc.chat', rumours: [{ id: 'r9', text: 'x', origin: 'npc:9', hops: 3 }], reply: true }, { now: 3, from: 'npc:9' })).toEqual([]);
    expect(npc.context<NpcContext>().rumours).toHaveLength(2);
  });

  it('trades: accepting costs zeny, adds goods and reports the trade to the economy', () => {
    const npc = drive(npcMachine, 'npc:10');
    let accepted = 0;
    for (let i = 0; i < 20; i++) {
      const before = npc.context<NpcContext>().zeny;
      const out = npc.send({ type: 'npc.trade.offer', item_id: 909, price: 10 }, { now: i, from: 'npc:11' });
      if (out.some((o) => o.type === OUTPUT.send && o.event.type === 'npc.trade.accept')) {
        accepted++;
        expect(npc.context<NpcContext>().zeny).toBe(before - 10);
        expect(out).toContainEqual({ type: OUTPUT.send, to: 'economy:main', event: { type: 'market.trade', item_id: 909, price: 10, quantity: 1 } });
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });

  it('talks with a player: recalls the player’s deeds, asks the AI layer, falls back to its own offline line', () => {
    const npc = drive(npcMachine, 'npc:12');
    const recallOut = npc.send({ type: 'npc_interaction', player_id: 150001, map: 'prontera', payload: { job: 'Acolyte', base_level: 31 } }, { now: 100 });
    expect(npc.value()).toBe('conversing');
    const recallMsg = recallOut.find((o) => o.type === OUTPUT.send) as any;
    expect(recallMsg).toMatchObject({ to: 'memory:150001', event: { type: 'memory.recall', replyTo: 'npc:12', profile: { job: 'Acolyte', level: 31 } } });
    const asked = npc.send({ type: 'memory.recalled', requestId: recallMsg.event.requestId, memories: [{ text: 'completed quest 70001 on prt_fild08', importance: 0.6, tags: ['quest'], at: 1 }], profile: { name: 'Alice' } }, { now: 101 });
    const request = asked.find((o) => o.type === OUTPUT.effect)!.effect.request as any;
    expect(request.facts.playerDeeds).toEqual(['completed a quest in the fields south of Prontera']);
    expect(request.facts.player).toEqual({ name: 'Alice', job: 'Acolyte', level: 31 });
    expect(request).toMatchObject({ purpose: 'dialogue', actorId: 'npc:12' });
    expect(asked).toContainEqual({ type: OUTPUT.timer, timer: { id: `talk:${request.requestId}`, delay: DIALOGUE_DEADLINE, event: { type: 'dialogue.timeout', requestId: request.requestId } } });
    expect(npc.send({ type: 'ai.decision', requestId: 'someone-else', text: 'hi', tier: 't', fallback: false }, { now: 101 })).toEqual([]);
    npc.send({ type: 'ai.decision', requestId: request.requestId, text: 'Welcome, hero.', tier: 'template', fallback: true }, { now: 102 });
    expect(npc.value()).toBe('idle');
    const line = npc.actions('broadcast_message')[0]!;
    expect(line.target_player_id).toBe(150001);
    expect(line.payload.message).toMatch(new RegExp(`^${npc.context<NpcContext>().who.name}: `));
    expect(line.payload.message).not.toContain('Welcome, hero.'); // a fallback is the NPC's own voice, not the router's template
    // the second conversation remembers the player in words, and the deadline answers at once
    npc.send({ type: 'npc_interaction', player_id: 150001 }, { now: 200 });
    const again = npc.send({ type: 'memory.recalled', requestId: 'npc:12/1', memories: [] }, { now: 201 });
    expect((again.find((o) => o.type === OUTPUT.effect)!.effect.request as any).facts.memories).toEqual(['we last spoke a little while ago']);
    npc.send({ type: 'dialogue.timeout', requestId: 'npc:12/1' }, { now: 201 + DIALOGUE_DEADLINE });
    expect(npc.actions('broadcast_message')).toHaveLength(2);
    expect(npc.context<NpcContext>().talks).toEqual([]);
  });

  it('answers every player: two clicks on one NPC in the same dispatch both get a line', () => {
    const npc = drive(npcMachine, 'npc:150');
    npc.send({ type: 'npc_interaction', player_id: 160025 }, { now: 1 });
    npc.send({ type: 'npc_interaction', player_id: 160026 }, { now: 1 });
    const recalls = npc.messages().filter((m) => m.event.type === 'memory.recall');
    expect(recalls.map((m) => m.to)).toEqual(['memory:160025', 'memory:160026']);
    const ids = recalls.map((m) => (m.event as any).requestId);
    expect(new Set(ids).size).toBe(2);
    // the answers come back in the other order; each player hears their own
    for (const id of [...ids].reverse()) npc.send({ type: 'memory.recalled', requestId: id, memories: [] }, { now: 2 });
    npc.send({ type: 'ai.decision', requestId: ids[1], text: 'For the second.', tier: 'batched', fallback: false }, { now: 3 });
    npc.send({ type: 'dialogue.timeout', requestId: ids[0] }, { now: 2 + DIALOGUE_DEADLINE });
    const lines = npc.actions('broadcast_message');
    expect(lines.map((l) => l.target_player_id).sort()).toEqual([160025, 160026]);
    expect(lines.find((l) => l.target_player_id === 160026)!.payload.message).toMatch(/: For the second\.$/);
    expect(npc.value()).toBe('idle');
  });

  it('past MAX_TALKS a click is answered at once offline, never dropped; a late answer changes nothing', () => {
    const npc = drive(npcMachine, 'npc:151');
    for (let i = 0; i < MAX_TALKS + 3; i++) npc.send({ type: 'npc_interaction', player_id: 1000 + i }, { now: 1 });
    expect(npc.context<NpcContext>().talks).toHaveLength(MAX_TALKS);
    expect(npc.actions('broadcast_message').map((l) => l.target_player_id)).toEqual([1000 + MAX_TALKS, 1001 + MAX_TALKS, 1002 + MAX_TALKS]);
    for (let i = 0; i < MAX_TALKS; i++) npc.send({ type: 'dialogue.timeout', requestId: `npc:151/${i}` }, { now: RECALL_TIMEOUT + 1 });
    expect(npc.actions('broadcast_message')).toHaveLength(MAX_TALKS + 3);
    expect(npc.send({ type: 'ai.decision', requestId: 'npc:151/0', text: 'late', tier: 'batched', fallback: false }, { now: RECALL_TIMEOUT + 2 })).toEqual([]);
  });

  it('uses the AI text when it is a real answer, and an ai.error still answers the player', () => {
    const npc = drive(npcMachine, 'npc:13');
    npc.send({ type: 'npc_interaction', player_id: 5 }, { now: 1 });
    const req = npc.send({ type: 'memory.recalled', requestId: 'npc:13/0', memories: [] }, { now: 2 }).find((o) => o.type === OUTPUT.effect)!.effect.request as any;
    npc.send({ type: 'ai.decision', requestId: req.requestId, text: 'The moon is red tonight.', tier: 'fast', fallback: false }, { now: 2 });
    expect(npc.actions('broadcast_message')[0]!.payload.message).toBe(`${npc.context<NpcContext>().who.name}: The moon is red tonight.`);
    expect(npc.context<NpcContext>().said).toBe(`${npc.context<NpcContext>().who.name}: The moon is red tonight.`);
    npc.send({ type: 'npc_interaction', player_id: 6 }, { now: 3 });
    npc.send({ type: 'memory.recalled', requestId: 'npc:13/1', memories: [] }, { now: 4 });
    npc.send({ type: 'ai.error', requestId: 'npc:13/1', error: { code: 'invalid_request' } }, { now: 5 });
    expect(npc.actions('broadcast_message')[1]!.target_player_id).toBe(6);
  });

  it('turns what the world remembers (a world.query answer) into rumours', () => {
    const npc = drive(npcMachine, 'npc:14');
    npc.send({ type: 'world.state', requestId: 'q', digest: { day: 3, notable: ['the boss of gef_dun02 fell', 'a plague struck prt_fild08', 'x'] } }, { now: 5 });
    expect(npc.context<NpcContext>().rumours.map((r) => r.text)).toEqual(['the boss of gef_dun02 fell', 'a plague struck prt_fild08']);
    expect(npc.send({ type: 'world.state', requestId: 'q', digest: { day: 3, notable: [] } })).toEqual([]);
  });

  it('forgets rumours past their hop limit and keeps at most the cap', () => {
    const ctx = drive(npcMachine, 'npc:1').context<NpcContext>();
    const many = Array.from({ length: 20 }, (_, i) => ({ id: `r${i}`, text: 't', origin: 'x', hops: i === 0 ? 999 : 1 }));
    const learned = learn(ctx, many, 0);
    expect(learned.some((r) => r.id === 'r0')).toBe(false);
    expect(learned.length).toBe(8);
  });

  it('passes on the least-told rumours first, and a flood of news forgets the most-told, not the untold', () => {
    const npc = drive(npcMachine, 'npc:20');
    npc.send({ type: 'rumour.seed', id: 'old', text: 'the old one' }, { now: 1 });
    for (let i = 0; i < 3; i++) npc.send({ type: 'npc.chat', rumours: [{ id: `n${i}`, text: 'news', origin: 'npc:21', hops: 1 }], reply: false }, { now: 2 + i, from: 'npc:21' });
    // each answer carries the two least-told: 'old' is told in the first answer, then the fresher untold ones
    const sent = npc.messages('npc:21').map((m) => (m.event as any).rumours.map((r: any) => r.id));
    expect(sent[0]).toEqual(['old']);
    expect(sent[1]).toEqual(['n0', 'old']);
    const flood = Array.from({ length: 10 }, (_, i) => ({ id: `f${i}`, text: 'flood', origin: 'x', hops: 1 }));
    const learned = learn(npc.context<NpcContext>(), flood, 10).map((r) => r.id);
    expect(learned).toHaveLength(8);
    expect(learned).not.toContain('old');
  });
});
