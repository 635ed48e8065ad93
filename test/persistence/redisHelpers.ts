import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export const hasRedisServer = existsSync('/usr/bin/redis-server');

/**
 * A throw-away redis-server on 127.0.0.1:`port`, no persistence, that the test can kill to simulate Redis
 * going away. Resolves once it accepts connections (it prints "Ready to accept connections").
 */
export function startRedisServer(port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error('redis-server did not start within 10 s'));
    }, 10_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited early (${code})`));
    });
  });
}

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}
