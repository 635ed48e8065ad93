import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATELY_PATH } from '../../gateway/ui/stately-relay.ts';
import { startDashboardWorld, type DashboardWorld } from './world.ts';

type Message = { type: string; sessionId: string; event?: { type: string }; snapshot?: { value: unknown; context: Record<string, unknown> }; definition?: string };

/** Connect and collect messages; resolves once open, or rejects with the HTTP status of a refused upgrade. */
function connect(url: string): Promise<{ ws: WebSocket; messages: Message[]; next(n: number): Promise<Message[]> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const messages: Message[] = [];
    const waiting: (() => void)[] = [];
    ws.on('message', (data) => {
      messages.push(JSON.parse(String(data)) as Message);
      for (const w of waiting.splice(0)) w();
    });
    ws.on('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.on('error', reject);
    ws.on('open', () =>
      resolve({
        ws, messages,
        next: (n) => new Promise((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`only ${messages.length} messages, wanted ${n}`)), 5000);
          const check = () => (messages.length >= n ? (clearTimeout(timer), done(messages.slice(0, n))) : waiting.push(check));
          check();
        }),
      }));
  });
}

describe('Stately inspector relay over a real socket', { timeout: 30_000 }, () => {
  let world: DashboardWorld;
  let base: string;
  beforeAll(async () => {
    world = await startDashboardWorld();
    base = world.url.replace('http', 'ws') + STATELY_PATH;
    world.runtime.send('counter:s-1', { type: 'inc' });
    const deadline = Date.now() + 10_000;
    while (((await world.runtime.getActor('counter:s-1'))?.snapshot as { context?: { count?: number } } | null)?.context?.count !== 1) {
      if (Date.now() > deadline) throw new Error('counter:s-1 never ran');
      await new Promise((r) => setTimeout(r, 50));
    }
  }, 30_000);
  afterAll(() => world?.close(), 30_000);

  it('announces a watched actor and relays its transitions as @xstate.event + @xstate.snapshot', async () => {
    const token = await world.token('gm');
    const client = await connect(`${base}?watch=counter:s-1&token=${token}`);
    const [actor] = await client.next(1);
    expect(actor).toMatchObject({ type: '@xstate.actor', sessionId: 'counter:s-1', snapshot: { value: 'idle', context: { count: 1 } } });
    expect(JSON.parse(actor!.definition!)).toMatchObject({ id: 'counter', initial: 'idle' });

    world.runtime.send('counter:s-1', { type: 'toggle' });
    world.runtime.send('counter:s-1', { type: 'inc', n: 5 });
    const all = await client.next(5);
    expect(all.slice(1).map((m) => `${m.type}:${m.event?.type}`)).toEqual(['@xstate.event:toggle', '@xstate.snapshot:toggle', '@xstate.event:inc', '@xstate.snapshot:inc']);
    expect(all[2]!.snapshot).toMatchObject({ value: 'busy', context: { count: 1 } });
    expect(all[4]!.snapshot).toMatchObject({ value: 'busy', context: { count: 6 } });

    client.ws.close();
    await new Promise((r) => client.ws.once('close', r));
    // inspection costs throughput: once the socket is closed the actor is no longer inspected, so a new event
    // is delivered (the count moves) without a transition being recorded
    const detail = async () => (await world.runtime.getActor('counter:s-1'))!;
    await new Promise((r) => setTimeout(r, 200)); // the server sees the close
    const recorded = (await detail()).recentTransitions.length;
    world.runtime.send('counter:s-1', { type: 'inc' });
    const deadline = Date.now() + 5000;
    while (((await detail()).snapshot as { context: { count: number } }).context.count !== 7) {
      if (Date.now() > deadline) throw new Error('the inc was never delivered');
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await detail()).recentTransitions.length).toBe(recorded);
  });

  it('refuses missing or low-role tokens and bad watch lists before upgrading', async () => {
    await expect(connect(`${base}?watch=counter:s-1`)).rejects.toThrow('status 401');
    await expect(connect(`${base}?watch=counter:s-1&token=not.a.jwt`)).rejects.toThrow('status 401');
    await expect(connect(`${base}?watch=counter:s-1&token=${await world.token('player')}`)).rejects.toThrow('status 403');
    await expect(connect(`${base}?watch=&token=${await world.token('gm')}`)).rejects.toThrow('status 400');
    await expect(connect(`${base}?watch=Bad%20Id&token=${await world.token('gm')}`)).rejects.toThrow('status 400');
  });
});

describe('Stately inspector relay over the real catalogue', { timeout: 30_000 }, () => {
  let world: DashboardWorld;
  beforeAll(async () => {
    world = await startDashboardWorld({ catalogue: new URL('../../actors/catalogue.ts', import.meta.url) });
    world.runtime.send('npc:1', { type: 'npc.danger', level: 0.1 });
    world.runtime.send('boss:main', { type: 'world.digest', digest: { hotMaps: [] } });
  }, 30_000);
  afterAll(() => world?.close(), 30_000);

  /** every `on` key of a definition, in every state */
  type Def = { on?: Record<string, unknown>; states?: Record<string, Def> };
  const eventsOf = (def: Def): string[] => [...Object.keys(def.on ?? {}), ...Object.values(def.states ?? {}).flatMap(eventsOf)];

  it('announces the NPC and the boss with full definitions: every event the dashboard lists, every state it draws', async () => {
    const token = await world.token('gm');
    const client = await connect(`${world.url.replace('http', 'ws')}${STATELY_PATH}?watch=npc:1,boss:main&token=${token}`);
    const [npc, boss] = await client.next(2);
    for (const [announced, id] of [[npc!, 'npc:1'], [boss!, 'boss:main']] as const) {
      expect(announced).toMatchObject({ type: '@xstate.actor', sessionId: id });
      const machine = (await (await fetch(`${world.url}/api/v1/admin/actors/${id}/machine`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
        shape: string; events: { type: string }[]; nodes?: { id: string }[];
      };
      const def = JSON.parse(announced.definition!) as Def & { id: string };
      expect([...new Set(eventsOf(def))].sort(), id).toEqual(machine.events.map((e) => e.type).sort());
      if (machine.shape === 'machine') {
        const states = (d: Def, path: string): string[] => Object.entries(d.states ?? {}).flatMap(([k, c]) => [`${path}.${k}`, ...states(c, `${path}.${k}`)]);
        expect([def.id, ...states(def, def.id)].sort(), id).toEqual(machine.nodes!.map((n) => n.id).sort());
      }
    }
    expect(npc!.definition).not.toBe('{"id":"npc","on":{}}');
    client.ws.close();
  });
});
