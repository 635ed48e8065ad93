import { createMidgard } from '../app/createMidgard.ts';
import { realWorld } from '../app/world.ts';
import { parseOptions, UsageError } from './args.ts';

export const summary = 'run the world and the gateway (embedded defaults unless DATABASE_URL / REDIS_URL are set)';

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
    console.error(`midgard start: ${(err as Error).message}`);
    return 1;
  }
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  console.error(`midgard: ${signal} received, shutting down`);
  await midgard.close();
  return 0;
}
