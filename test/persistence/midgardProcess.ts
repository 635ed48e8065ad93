import { spawn, type ChildProcess } from 'node:child_process';
import { until } from '../support/until.ts';

const BIN = new URL('../../bin/midgard.js', import.meta.url).pathname;

/** `midgard start` as a child process, with its log lines (JSON on stderr, as off a terminal) kept for assertions. */
export interface MidgardProcess {
  child: ChildProcess;
  url: string;
  /** pino JSON lines the process printed so far */
  logs: Record<string, unknown>[];
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export async function startMidgard(env: NodeJS.ProcessEnv, port: number, timeoutMs = 60_000): Promise<MidgardProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  const stderr: string[] = [];
  let buffered = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr.push(chunk.toString());
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      try {
        logs.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        logs.push({ raw: line });
      }
    }
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  try {
    await until('midgard to be ready', async () => {
      if (gone) throw new Error(`midgard exited during start-up: ${stderr.join('')}`);
      try {
        return (await fetch(`${url}/ready`)).status === 200;
      } catch {
        return false;
      }
    }, { timeoutMs, stepMs: 100 });
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  return { child, url, logs, stderr, exited };
}

export async function killMidgard(midgard: MidgardProcess, signal: NodeJS.Signals): Promise<void> {
  if (midgard.child.exitCode === null && midgard.child.signalCode === null) midgard.child.kill(signal);
  const timer = setTimeout(() => midgard.child.kill('SIGKILL'), 30_000);
  await midgard.exited;
  clearTimeout(timer);
}
