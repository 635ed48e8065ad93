import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_FILE, formatGolden, generateGolden, type GoldenAction } from './generate.ts';
import { actionTypes } from '../actions.ts';
import { DEFAULT_CAPABILITIES, checkAction } from '../capabilities.ts';

const UPDATE = process.env.UPDATE_CONTRACT === '1';

describe('golden corpus (contract/golden/actions.json)', () => {
  it('is what the agents emit today (regenerate with UPDATE_CONTRACT=1)', async () => {
    const text = formatGolden(await generateGolden());
    if (UPDATE) writeFileSync(GOLDEN_FILE, text);
    expect(readFileSync(GOLDEN_FILE, 'utf8'), 'contract/golden/actions.json is stale: UPDATE_CONTRACT=1 npx vitest run contract/golden').toBe(text);
  }, 120_000);

  it('holds only actions the contract and a stock server accept, and every action type', () => {
    const corpus = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenAction[];
    for (const a of corpus) expect(checkAction(a, DEFAULT_CAPABILITIES), a.action_id).toEqual({ ok: true });
    expect(new Set(corpus.map((a) => a.action_type))).toEqual(new Set(actionTypes));
    expect(new Set(corpus.map((a) => a.action_id)).size).toBe(corpus.length);
  });
});
