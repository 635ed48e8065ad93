import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PendingEffect } from './EffectBus.ts';
import { EffectSpill } from './EffectSpill.ts';

const effect = (i: number, pad = 0): PendingEffect => ({ effect: { kind: 'x', n: i, pad: 'é'.repeat(pad) }, id: `npc:1/t${i}`, actorId: 'npc:1', tick: i, now: i, attempts: 0 });

describe('EffectSpill', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const spill = () => {
    const dir = mkdtempSync(join(tmpdir(), 'midgard-spill-'));
    dirs.push(dir);
    return { dir, spill: new EffectSpill(join(dir, 'nested')) };
  };

  it('gives effects back first in, first out, across reads, and deletes its file once drained', () => {
    const { dir, spill: s } = spill();
    for (let i = 0; i < 5; i++) s.append(effect(i));
    expect(s.size).toBe(5);
    expect(s.has('npc:1/t3')).toBe(true);
    expect(s.take(2).map((e) => e.tick)).toEqual([0, 1]);
    s.append(effect(5));
    expect(s.peekAll().map((e) => e.tick)).toEqual([2, 3, 4, 5]);
    expect(s.take(10).map((e) => e.tick)).toEqual([2, 3, 4, 5]);
    expect(s.size).toBe(0);
    expect(readdirSync(join(dir, 'nested'))).toEqual([]);
    s.append(effect(6)); // usable again after draining
    expect(s.take(1)).toEqual([effect(6)]);
  });

  it('reads lines longer than its read buffer, with multi-byte characters split across reads', () => {
    const { spill: s } = spill();
    const big = [effect(0, 50_000), effect(1, 3), effect(2, 70_000)];
    for (const e of big) s.append(e);
    expect(s.peekAll()).toEqual(big);
    expect(s.take(1)).toEqual([big[0]]);
    expect(s.take(5)).toEqual(big.slice(1));
  });

  it('clear() drops the file and everything in it', () => {
    const { dir, spill: s } = spill();
    s.append(effect(0));
    const [file] = readdirSync(join(dir, 'nested'));
    s.clear();
    expect(s.size).toBe(0);
    expect(existsSync(join(dir, 'nested', file!))).toBe(false);
  });
});
