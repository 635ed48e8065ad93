import { describe, expect, it } from 'vitest';
import { formatRecord, prettyStream } from './log.ts';

describe('pretty log lines', () => {
  it('one line per record: time, level, message, then the fields (none hidden twice)', () => {
    const line = formatRecord({ level: 30, time: Date.UTC(2026, 0, 1, 12, 0, 1), pid: 1, msg: 'gateway listening', port: 8000, hostname: '0.0.0.0', note: 'a b' });
    expect(line).toBe('12:00:01 INFO  gateway listening port=8000 hostname=0.0.0.0 note="a b"\n');
  });

  it('shows an error by message with its stack below', () => {
    const err = { type: 'Error', message: 'boom', stack: 'Error: boom\n    at f (x.ts:1:1)' };
    expect(formatRecord({ level: 50, time: 0, msg: 'tick failed', err })).toBe('00:00:00 ERROR tick failed err="boom"\n    at f (x.ts:1:1)\n');
  });

  it('passes through what is not JSON', () => {
    const out: string[] = [];
    prettyStream((l) => out.push(l), false).write('{"level":40,"time":0,"msg":"w"}\nnot json\n');
    expect(out).toEqual(['00:00:00 WARN  w\n', 'not json\n']);
  });
});
