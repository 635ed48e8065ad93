import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One process per PGlite data directory. PGlite is Postgres in a single process with no postmaster to
 * arbitrate: a second process opening the same directory (say `midgard migrate` while `midgard start` runs)
 * would write over the first one's pages. The lock is a file holding the owner's pid; a lock whose pid is
 * gone (the owner was SIGKILLed) is stale and taken over.
 *
 * @example
 * const release = await lockDataDir('./data/pg');
 * ...
 * await release();
 */
export async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const file = join(dataDir, 'midgard.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        await rm(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
        throw new Error(`the embedded database in ${dataDir} is in use by process ${owner}; stop it first or set DATABASE_URL`);
      }
      if (owner === process.pid) throw new Error(`the embedded database in ${dataDir} is already open in this process`);
      await rm(file, { force: true }); // stale: its owner is gone
    }
  }
  throw new Error(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else — still alive
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
