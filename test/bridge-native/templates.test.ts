import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventTypes, npcTemplates, NPC_TEMPLATES } from '../../contract/index.ts';

/**
 * The NPC script and the glue ship what the contract declares: every template NPC of contract/templates.ts is
 * defined in aiworld.txt (a floating `-	script	<name>` NPC), every event it emits is a contract event, and the
 * glue's fallback sprites are the contract's.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const script = readFileSync(path.join(ROOT, 'bridge-native/rathena/npc/custom/aiworld.txt'), 'utf8');
const glue = readFileSync(path.join(ROOT, 'bridge-native/rathena/src/map/aiworld_actions.cpp'), 'utf8');

/** Names of the NPCs aiworld.txt defines, whatever their place (floating templates have `-`). */
function definedNpcs(text: string): string[] {
  return [...text.matchAll(/^[^\t\n/]+\tscript\t([^\t]+)\t/gm)].map((m) => m[1]!.split('::').pop()!);
}

describe('aiworld.txt against contract/templates.ts and contract/events.ts', () => {
  it('defines every template NPC, as a floating NPC spawn_npc can copy', () => {
    const defined = definedNpcs(script);
    for (const name of npcTemplates) expect(defined, `aiworld.txt lacks ${name}`).toContain(name);
    for (const name of npcTemplates) expect(script).toMatch(new RegExp(`^-\\tscript\\t${name}\\t-1,\\{`, 'm'));
  });

  it('defines no midgard_* NPC the contract does not declare (the handshake would offer it)', () => {
    const extra = definedNpcs(script).filter((n) => n.startsWith('midgard_') && !npcTemplates.includes(n as never));
    expect(extra).toEqual([]);
  });

  it('emits only contract event types', () => {
    const emitted = [...script.matchAll(/aiworld_emit\s+"([^"]+)"/g)].map((m) => m[1]!);
    expect(emitted.length).toBeGreaterThan(5);
    for (const type of emitted) expect(eventTypes, `aiworld_emit "${type}"`).toContain(type);
  });

  it('every template reports a click by npc_name with its template name (npc_interaction)', () => {
    for (const name of npcTemplates) {
      const body = script.slice(script.indexOf(`\tscript\t${name}\t`));
      const block = body.slice(0, body.indexOf('\n}\n'));
      expect(block, name).toMatch(/aiworld_emit "npc_interaction"[^;]*"npc_name", (strnpcinfo\(3\)|\.@me\$)/);
      expect(block, name).toContain(`"template", "${name}"`);
    }
  });

  it("the glue's fallback sprites are the contract's", () => {
    const table = /kTemplateSprites = \{([^;]+)\};/.exec(glue)?.[1] ?? '';
    const sprites = Object.fromEntries([...table.matchAll(/\{"(\w+)", (\d+)\}/g)].map((m) => [m[1], Number(m[2])]));
    expect(sprites).toEqual(Object.fromEntries(npcTemplates.map((n) => [n, NPC_TEMPLATES[n].sprite])));
  });
});
