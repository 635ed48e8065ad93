import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { lockDataDir } from './dataDirLock.ts';

describe('lockDataDir', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'midgard-lock-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets one holder in, refuses a second, and frees the directory on release', async () => {
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, 'midgard.lock'), 'utf8')).toBe(String(process.pid));
    await expect(lockDataDir(dir)).rejects.toThrow(/already open in this process/);
    await release();
    const again = await lockDataDir(dir);
    await again();
  });

  it('refuses while another live process holds it', async () => {
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      await writeFile(join(dir, 'midgard.lock'), String(other.pid));
      await expect(lockDataDir(dir)).rejects.toThrow(new RegExp(`in use by process ${other.pid}`));
    } finally {
      other.kill('SIGKILL');
    }
  });

  it('takes over a lock left by a process that died', async () => {
    const dead = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(join(dir, 'midgard.lock'), String(dead.pid));
    const release = await lockDataDir(dir);
    expect(await readFile(join(dir, 'midgard.lock'), 'utf8')).toBe(String(process.pid));
    await release();
  });
});
