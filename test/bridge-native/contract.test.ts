import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { actionTypes, bridgeActionSchema, eventTypes, RATE_MAP_FLAGS } from '../../contract/index.ts';

/**
 * The C++ core's copies of contract facts (it cannot import TypeScript) are the contract's: the action types
 * parseAction knows, the rate map flags, the event types the glue lets aiworld_emit send. And the C++ suite's
 * own action fixture (used until contract/golden/actions.json exists) is valid under the contract.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (p: string) => readFileSync(path.join(ROOT, p), 'utf8');
const quoted = (block: string) => [...block.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);

describe('bridge-native C++ against contract/', () => {
  const commands = read('bridge-native/src/Commands.cpp');

  it('parseAction knows exactly the contract action types, in order', () => {
    const block = /commandActionTypes\(\) \{[^}]*\{([^}]*)\}/.exec(commands)?.[1] ?? '';
    expect(quoted(block)).toEqual(actionTypes);
    for (const type of actionTypes) expect(commands).toContain(`if (t == "${type}")`);
  });

  it('the rate map flags are the contract RATE_MAP_FLAGS', () => {
    const block = /rateMapFlags\(\) \{[^}]*\{([^}]*)\}/.exec(commands)?.[1] ?? '';
    expect(quoted(block)).toEqual([...RATE_MAP_FLAGS]);
  });

  it('the event types the bridge may emit are the contract event types', () => {
    const block = /eventTypes\(\) \{[^}]*\{([^}]*)\}/.exec(read('bridge-native/src/GameEvent.cpp'))?.[1] ?? '';
    expect(quoted(block).sort()).toEqual([...eventTypes].sort());
  });

  it("the C++ suite's fixture holds one contract-valid action of every type", () => {
    const fixture = JSON.parse(read('bridge-native/tests/fixtures/actions.json')) as unknown[];
    for (const action of fixture) expect(() => bridgeActionSchema.parse(action), JSON.stringify(action)).not.toThrow();
    expect(fixture.map((a) => (a as { action_type: string }).action_type).sort()).toEqual([...actionTypes].sort());
  });

  it.skipIf(!existsSync(path.join(ROOT, 'contract/golden/actions.json')))('the golden corpus is what the C++ suite replays', () => {
    expect(read('bridge-native/CMakeLists.txt')).toContain('contract/golden/actions.json');
  });
});
