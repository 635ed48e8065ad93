import { createMidgard } from '../app/createMidgard.ts';
import { realWorld } from '../app/world.ts';
import { parseOptions, UsageError } from './args.ts';

export const summary = 'run the world and the gateway (embedded defaults unless DATABASE_URL / REDIS_URL are set)';

/** Exit with `code` shortly even if a handle (a worker, a socket) would keep the event loop alive. */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 500).unref();
}

/** Runs until SIGINT/SIGTERM, then shuts down cleanly: gateway drained, snapshots flushed, connections closed. */
export async function run(args: string[]): Promise<number> {
  try {
    parseOptions('start', args, {});
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    throw err;
  }
  let midgard;
  try {
    midgard = await createMidgard({ world: realWorld() });
  } catch (err) {
    // e.g. listen EADDRINUSE: nothing else was opened yet; make sure no stray handle keeps a failed start alive
    console.error(`midgard start: ${(err as Error).message}`);
    exitSoon(1);
    return 1;
  }
  const reason = await Promise.race([
    new Promise<NodeJS.Signals>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }),
    midgard.lost,
  ]);
  if (typeof reason === 'string') {
    console.error(`midgard: ${reason} received, shutting down`);
    await midgard.close();
    return 0;
  }
  console.error(`midgard: ${reason.message}`);
  await midgard.close().catch(() => {});
  exitSoon(1);
  return 1;
}
