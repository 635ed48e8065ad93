import { describe, expect, it } from 'vitest';
import { intOption, parseOptions, UsageError } from './args.ts';

const options = { npcs: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } as const;
const message = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(UsageError);
    return (err as Error).message;
  }
  throw new Error('expected a UsageError');
};

describe('argument errors in plain words', () => {
  it('names an unknown option and lists the known ones', () => {
    expect(message(() => parseOptions('sim', ['--npc', '5'], options))).toBe('midgard sim: unknown option --npc (options: --npcs, --json, --help)');
    expect(message(() => parseOptions('start', ['--port', '1'], {}))).toBe('midgard start: unknown option --port (this command takes no options besides --help)');
  });

  it('explains a value that looks like an option, a missing value and a value given to a switch', () => {
    expect(message(() => parseOptions('sim', ['--npcs', '-5'], options))).toMatch(/--npcs needs a value.*--npcs=VALUE/);
    expect(message(() => parseOptions('sim', ['--npcs'], options))).toBe('midgard sim: --npcs needs a value (--npcs VALUE)');
    expect(message(() => parseOptions('sim', ['--json=yes'], options))).toBe('midgard sim: --json is a switch and takes no value');
  });

  it('integers: a bad or out-of-range value names the flag', () => {
    expect(message(() => intOption('sim', 'npcs', '-5', 0, 0))).toBe('midgard sim: --npcs must be at least 0, got -5');
    expect(message(() => intOption('sim', 'npcs', 'ten', 0, 0))).toBe("midgard sim: --npcs must be a whole number, got 'ten'");
    expect(message(() => intOption('sim', 'npcs', '7', 0, 0, 5))).toBe('midgard sim: --npcs must be at most 5, got 7');
    expect(intOption('sim', 'npcs', undefined, 3)).toBe(3);
    expect(intOption('sim', 'npcs', '0', 3, 0)).toBe(0);
  });
});
