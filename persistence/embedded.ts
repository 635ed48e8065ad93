import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { log } from '../runtime/log.ts';
import { lockDataDir } from './dataDirLock.ts';

/** A PGlite instance listening on 127.0.0.1 so postgres.js can talk to it like to any Postgres. */
export interface EmbeddedPostgres {
  host: string;
  port: number;
  /** on-disk directory, or null when the instance lives in memory (tests) */
  dataDir: string | null;
  stop(): Promise<void>;
}

/**
 * Starts PGlite behind `@electric-sql/pglite-socket` on an ephemeral 127.0.0.1 port. PGlite is a single
 * backend: one connection at a time (the socket server queues others), no LISTEN/NOTIFY, and session state
 * such as `search_path` is shared by every connection — see `connect()` for how that is handled.
 *
 * A fresh data directory costs 3–6 s and ~750 MB while initdb runs; reopening one takes under a second.
 *
 * @example
 * const pg = await startEmbeddedPostgres({ dataDir: './data/pg' });
 * const sql = postgres({ host: pg.host, port: pg.port, max: 1 });
 * ...
 * await sql.end(); await pg.stop();
 */
export async function startEmbeddedPostgres(options: { dataDir: string | null }): Promise<EmbeddedPostgres> {
  let unlock = async () => {};
  if (options.dataDir) {
    await mkdir(options.dataDir, { recursive: true });
    unlock = await lockDataDir(options.dataDir);
  }
  let db: PGlite | undefined;
  const server = await (async () => {
    try {
      db = await PGlite.create(options.dataDir ? { dataDir: options.dataDir } : {});
      const socket = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0 });
      await socket.start();
      return socket;
    } catch (err) {
      await db?.close().catch(() => {});
      await unlock();
      throw err;
    }
  })();
  // port 0 asks the OS for a free port; the server does not report which one it got, its net.Server does
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  log.info({ dataDir: options.dataDir, port: address.port }, 'embedded Postgres (PGlite) listening');
  let stopped = false;
  return {
    host: '127.0.0.1',
    port: address.port,
    dataDir: options.dataDir,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await db!.close();
      await unlock();
    },
  };
}
