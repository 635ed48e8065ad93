import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README_END, README_START, actionsTable, contractDoc, readmeBlock, withReadmeBlock } from './docs.ts';
import { actionTypes } from './actions.ts';
import { eventTypes } from './events.ts';
import { npcTemplates } from './templates.ts';

const UPDATE = process.env.UPDATE_CONTRACT === '1';
const DOC = new URL('../docs/bridge-contract.md', import.meta.url);
const README = new URL('../bridge-native/README.md', import.meta.url);
const stale = 'stale: UPDATE_CONTRACT=1 npx vitest run contract/docs.test.ts';

describe('docs generated from the contract', () => {
  it('docs/bridge-contract.md is up to date, and names every event, action and template', () => {
    const doc = contractDoc();
    for (const name of [...eventTypes, ...actionTypes, ...npcTemplates]) expect(doc).toContain(`\`${name}\``);
    if (UPDATE) {
      mkdirSync(new URL('.', DOC), { recursive: true });
      writeFileSync(DOC, doc);
    }
    expect(existsSync(DOC) ? readFileSync(DOC, 'utf8') : '', `docs/bridge-contract.md is ${stale}`).toBe(doc);
  });

  it("bridge-native/README.md's action table is up to date (only the marked block)", () => {
    const readme = readFileSync(README, 'utf8');
    const next = withReadmeBlock(readme);
    if (UPDATE) writeFileSync(README, next);
    expect(readFileSync(README, 'utf8'), `bridge-native/README.md's contract block is ${stale}`).toBe(next);
  });

  it('replaces only the marked block, and appends it when the markers are missing', () => {
    const marked = `intro\n${README_START}\nold\n${README_END}\noutro\n`;
    const out = withReadmeBlock(marked);
    expect(out.startsWith('intro\n')).toBe(true);
    expect(out.endsWith(`${README_END}\noutro\n`)).toBe(true);
    expect(out).toContain(actionsTable());
    expect(withReadmeBlock('just text\n')).toBe(`just text\n\n${readmeBlock()}\n`);
  });
});
