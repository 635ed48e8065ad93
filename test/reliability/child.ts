import { createMidgard } from '../../app/createMidgard.ts';
import { echoWorld } from './fixtures/world.ts';

/** `midgard start` with the reliability suite's echo world: a child process the suite can kill -9. */
const midgard = await createMidgard({ world: echoWorld() }).catch((err: Error) => {
  console.error(`child start: ${err.message}`);
  process.exit(1);
});
const stop = async () => {
  await midgard.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
