import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * One logger for the process, always on stderr so that stdout carries only a command's output
 * (`midgard player export 1 > out.json` must be valid JSON). JSON lines when stderr is a pipe or a file (for
 * collectors); one readable line per record on a terminal. `MIDGARD_LOG_LEVEL` (default info; tests: silent
 * unless set); `MIDGARD_LOG_FORMAT=json|pretty` overrides the terminal guess.
 */
export const log: Logger = pino(
  {
    level: process.env.MIDGARD_LOG_LEVEL || (process.env.VITEST ? 'silent' : 'info'),
    // neither `name` nor `hostname` in the base: records that carry their own (a migration's name, the gateway's
    // bind address) repeated the key, and every collector knows the host anyway
    base: { pid: process.pid },
  },
  wantsPretty() ? prettyStream((line) => process.stderr.write(line)) : pino.destination({ fd: 2, sync: true }),
);

function wantsPretty(): boolean {
  const format = process.env.MIDGARD_LOG_FORMAT;
  if (format === 'json') return false;
  if (format === 'pretty') return true;
  return process.stderr.isTTY === true;
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const COLOURS: Record<number, string> = { 10: '90', 20: '90', 30: '36', 40: '33', 50: '31', 60: '35' };
const HIDDEN = new Set(['level', 'time', 'msg', 'pid', 'v']);

/** `12:00:01 INFO  gateway listening port=8000 hostname=0.0.0.0`, with an error's stack on the lines below. */
export function formatRecord(record: Record<string, unknown>, colour = false): string {
  const level = typeof record.level === 'number' ? record.level : 30;
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString().slice(11, 19);
  const label = LEVELS[level] ?? String(level);
  const fields: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (HIDDEN.has(key)) continue;
    if (value && typeof value === 'object' && 'stack' in value && typeof value.stack === 'string') {
      fields.push(`${key}=${JSON.stringify((value as { message?: unknown }).message ?? '')}`);
      stack = `\n    ${value.stack.split('\n').slice(1).map((l) => l.trim()).join('\n    ')}`;
      continue;
    }
    const text = typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
    fields.push(`${key}=${text}`);
  }
  const head = colour ? `\x1b[2m${time}\x1b[0m \x1b[${COLOURS[level] ?? '0'}m${label}\x1b[0m` : `${time} ${label}`;
  return `${head} ${String(record.msg ?? '')}${fields.length ? ` ${colour ? '\x1b[2m' : ''}${fields.join(' ')}${colour ? '\x1b[0m' : ''}` : ''}${stack}\n`;
}

/** A pino destination that turns each JSON line into `formatRecord`'s line. */
export function prettyStream(write: (line: string) => void, colour = process.stderr.isTTY === true): DestinationStream {
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (!line) continue;
        try {
          write(formatRecord(JSON.parse(line) as Record<string, unknown>, colour));
        } catch {
          write(`${line}\n`);
        }
      }
    },
  };
}
