import { describe, expect, it } from 'vitest';
import { drive } from './kit/drive.ts';
import { arcMachine, CHAPTER_GAP, ARC_PERIOD, chooseTheme, trendOf, type ArcContext } from './arc.ts';
import { OUTPUT } from './kit/outputs.ts';
import { DAY } from './kit/time.ts';

const digest = (karma: number) => ({
  day: 1, hotMaps: [{ map: 'prontera', activity: 9 }, { map: 'pay_fild02', activity: 5 }], factionPower: { payon_archers: 140, geffen_magi: 90 }, notable: [],
  today: {}, history: [{ day: 0, kills: 1000, mvpKills: 0, logins: 0, quests: 0, trades: 0, karma, participation: 0 }],
});

function chapter(a: ReturnType<typeof drive>, now: number) {
  a.send({ type: 'arc.chapter' }, { now });
  const text = a.last.find((o) => o.type === OUTPUT.timer && (o as any).timer.id === 'arc.text') as any;
  a.send({ type: 'arc.text.timeout', requestId: text.timer.event.requestId }, { now: now + 60_000 });
}

describe('arc', () => {
  it('builds an arc from the last 14 days: dominant faction, its rival, the busiest field', () => {
    const a = drive(arcMachine, 'arc:main');
    a.send({ type: 'world.digest', digest: digest(5) }, { now: DAY });
    const arc = a.context<ArcContext>().arc!;
    expect(arc).toMatchObject({ theme: 'ambition', faction: 'payon_archers', rival: 'geffen_magi', map: 'pay_fild02', chapter: 1 });
    expect(arc.choiceChapters.length === 2 || arc.choiceChapters.length === 3).toBe(true);
    const timers = a.outputs.filter((o) => o.type === OUTPUT.timer).map((o: any) => o.timer);
    expect(timers).toContainEqual({ id: 'arc.begin', at: DAY + ARC_PERIOD, event: { type: 'arc.begin' } });
    expect(timers).toContainEqual({ id: 'arc.chapter', every: CHAPTER_GAP, event: { type: 'arc.chapter' } });
    expect(chooseTheme(digest(-3).history, undefined)).toBe('corruption');
    const day = (kills: number) => ({ day: 0, kills, mvpKills: 0, logins: 0, quests: 0, trades: 0, karma: 0, participation: 0 });
    expect(trendOf([...Array(7).fill(day(100)), ...Array(7).fill(day(200))])).toBe('rising');
    expect(trendOf([...Array(7).fill(day(200)), ...Array(7).fill(day(100))])).toBe('falling');
    expect(trendOf([day(5)])).toBe('steady');
  });

  it('broadcasts five chapters, branches on participation against the threshold, and feeds the outcome forward', () => {
    const a = drive(arcMachine, 'arc:main');
    a.send({ type: 'world.digest', digest: digest(5) }, { now: DAY });
    a.send({ type: 'arc.text.timeout', requestId: 'arc1.1' }, { now: DAY + 60_000 });
    const arc = a.context<ArcContext>().arc!;
    const threshold = arc.choice!.threshold;
    expect(threshold).toBe(30);
    // choice 1: the people answer (kills on the arc map); choice 2 onwards: silence
    for (let i = 0; i < threshold; i++) a.send({ type: 'monster_kill', player_id: i, map: arc.map });
    a.send({ type: 'monster_kill', player_id: 1, map: 'elsewhere' });
    for (let c = 2; c <= 5; c++) chapter(a, DAY + (c - 1) * CHAPTER_GAP);
    const ctx = a.context<ArcContext>();
    expect(ctx.arc).toBeNull();
    expect(ctx.arcs).toHaveLength(1);
    expect(ctx.arcs[0]!.branches[0]).toBe('rise');
    expect(ctx.arcs[0]!.branches.slice(1).every((b) => b === 'fall')).toBe(true);
    expect(ctx.arcs[0]!.outcome).toBe('tragedy');
    expect(ctx.chaptersBroadcast).toBe(5);
    const texts = a.actions('broadcast_message').map((m) => m.payload.message);
    expect(texts).toHaveLength(5);
    expect(texts[1]).toContain('The people answered the call');
    expect(texts[4]).toContain('Midgard mourns');
    expect(a.value()).toBe('between');
    // the next arc remembers the tragedy
    a.send({ type: 'arc.begin' }, { now: DAY + ARC_PERIOD });
    expect(a.context<ArcContext>().arc).toMatchObject({ id: 2, theme: 'reckoning' });
  });

  it('uses the AI text for a chapter when it is not a fallback', () => {
    const a = drive(arcMachine, 'arc:main');
    a.send({ type: 'world.digest', digest: digest(5) }, { now: DAY });
    a.send({ type: 'ai.decision', requestId: 'arc1.1', text: 'A storm of banners rises over Payon.', tier: 'smart', fallback: false });
    a.send({ type: 'arc.text.timeout', requestId: 'arc1.1' });
    expect(a.actions('broadcast_message').map((m) => m.payload.message)).toEqual(['A storm of banners rises over Payon.']);
  });
});
