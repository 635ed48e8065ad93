import { describe, expect, it } from 'vitest';
import { natsUnavailable } from '../../cluster/nats.ts';
import { uniqueSchema } from '../persistence/pgTargets.ts';
import { conductorLoss, failover } from './fixtures/cluster.ts';

/**
 * One world on real processes: `midgard start --role gateway` and `--role world` against this machine's Postgres
 * and NATS JetStream, a world node killed with SIGKILL under load. What must hold whatever the timing: nothing
 * acknowledged lost, no action delivered twice, the dead node's slots ticking again, and the world equal to a
 * single-node replay of the same inputs. (Figures are bench/cluster.ts's; here only bounded waits.)
 */
const url = process.env.DATABASE_URL;
const noNats = await natsUnavailable();
const skip = !url ? 'DATABASE_URL is not set' : noNats;
if (skip) console.warn(`test/cluster/failover.test.ts skips: ${skip}`);

describe.skipIf(!!skip)('a world on several processes', () => {
  it('a slot-serving node killed under load: nothing lost, nothing twice, the same world as one node computes', async () => {
    const result = await failover(uniqueSchema('cluster_failover'), { nodes: 2, gateways: 2, loadSeconds: 9, eventsPerSecond: 60 });
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.lostAcknowledged).toBe(0);
    expect(result.actionsDelivered).toBeGreaterThan(0);
    expect(result.actionsDuplicated).toBe(0);
    expect(result.slotsTickAgainAfterMs).not.toBeNull();
    expect(result.hash).toMatchObject({ equal: true });
  }, 240_000);

  it('the conductor killed: another node restores the world and it ticks on', async () => {
    const result = await conductorLoss(uniqueSchema('cluster_conductor'), 2);
    expect(result.tickBefore).not.toBeNull();
    expect(result.worldTicksAgainAfterMs).not.toBeNull();
  }, 180_000);
});
