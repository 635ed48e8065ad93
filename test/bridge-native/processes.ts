import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from '../support/until.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');

export type Line = Record<string, unknown> & { type?: string };


/** A child process speaking JSON lines on stdout; non-JSON output (pino logs are JSON too) is kept as text. */
export class LineProcess {
  readonly lines: Line[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<number | null>;
  private buffer = '';

  constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      this.buffer += chunk;
      let nl: number;
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const text = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        try {
          this.lines.push(JSON.parse(text) as Line);
        } catch {
          this.lines.push({ type: 'text', text });
        }
      }
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  of(type: string): Line[] {
    return this.lines.filter((l) => l.type === type);
  }

  async waitFor(type: string, timeoutMs = 20_000, after = 0): Promise<Line> {
    await until(`'${type}' from ${this.child.spawnfile}`, () => this.lines.slice(after).some((l) => l.type === type), { timeoutMs });
    return this.lines.slice(after).find((l) => l.type === type)!;
  }

  send(command: unknown): void {
    this.child.stdin!.write(`${JSON.stringify(command)}\n`);
  }

  kill(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

export function startGatewayProcess(env: Record<string, string>): LineProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'fixtures/gatewayProcess.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new LineProcess(child);
}

export function startDriver(binary: string, settings: Record<string, string | number>): LineProcess {
  const args = Object.entries(settings).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
  return new LineProcess(spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
}
