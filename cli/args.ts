import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * Strict option parsing for commands: unknown flags and missing values are errors with a clear message,
 * never silently ignored.
 */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: string[],
  options: T,
): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as never, positionals };
  } catch (err) {
    throw new UsageError(`midgard ${command}: ${(err as Error).message}`);
  }
}

export class UsageError extends Error {}

/** A positive integer option, or a UsageError naming the flag. */
export function intOption(command: string, flag: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) {
    throw new UsageError(`midgard ${command}: --${flag} must be an integer ≥ ${min}, got '${raw}'`);
  }
  return Number(raw);
}
