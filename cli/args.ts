import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A mistake in how a command was called: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * Node's parseArgs messages, said plainly and naming what to do. The raw ones talk about "positional arguments
 * starting with a '-'" and "ambiguous" values, which a person who typed `--npcs -5` cannot act on.
 */
export function plainParseError(command: string, err: Error & { code?: string }, options: Options): string {
  const flag = /'(-{1,2}[^'\s<]+)/.exec(err.message)?.[1];
  const known = Object.keys(options).filter((k) => k !== 'help').map((k) => `--${k}`);
  const name = flag?.replace(/^-+/, '') ?? '';
  const spec = options[name] ?? Object.entries(options).find(([, o]) => o.short === name)?.[1];
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `midgard ${command}: unknown option ${flag ?? ''}${known.length ? ` (options: ${known.join(', ')}, --help)` : ' (this command takes no options besides --help)'}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (spec?.type === 'boolean') return `midgard ${command}: ${flag} is a switch and takes no value`;
      if (/ambiguous/.test(err.message)) {
        return `midgard ${command}: ${flag} needs a value, and the next word starts with '-'; write ${flag}=VALUE if that is the value you meant`;
      }
      return `midgard ${command}: ${flag ?? 'an option'} needs a value (${flag ?? '--option'} VALUE)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `midgard ${command}: unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ''}`.trimEnd();
    default:
      return `midgard ${command}: ${err.message}`;
  }
}

/**
 * Strict option parsing for commands: unknown flags and missing values are errors with a clear message,
 * never silently ignored.
 */
export function parseOptions<T extends Options>(
  command: string,
  args: string[],
  options: T,
): { values: { [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : string }; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: values as never, positionals };
  } catch (err) {
    throw new UsageError(plainParseError(command, err as Error, options));
  }
}

/** An integer option ≥ `min`, or a UsageError naming the flag and the value given. */
export function intOption(command: string, flag: string, raw: string | undefined, fallback: number, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined) return fallback;
  const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`midgard ${command}: --${flag} must be a whole number, got '${raw}'`);
  if (n < min) throw new UsageError(`midgard ${command}: --${flag} must be at least ${min}, got ${n}`);
  if (n > max) throw new UsageError(`midgard ${command}: --${flag} must be at most ${max}, got ${n}`);
  return n;
}

/** For a command's catch: a UsageError is printed with the usage (exit 2); anything else is rethrown. */
export function usageFailure(err: unknown, usage: string): number {
  if (!(err instanceof UsageError)) throw err;
  console.error(`${err.message}\n\n${usage}`);
  return 2;
}
