import { startCluster, failover, conductorLoss, worldCounters, sleep } from '../test/cluster/fixtures/cluster.ts';
import { natsUnavailable } from '../cluster/nats.ts';

/**
 * `npm run bench -- cluster`: one world on real processes (test/cluster/fixtures/cluster.ts) — 2 gateways and 3
 * world nodes on this machine's Postgres and NATS JetStream:
 *  (a) failover under load: a world node serving host slots is killed with SIGKILL while events arrive at both
 *      gateways; time until its slots tick again, acknowledged events lost, actions delivered twice, and the world
 *      hash at the last checkpoint against a single-node replay of the same inputs;
 *  (b) the conductor killed: time until the world ticks again on another node;
 *  (c) ticks/s and events delivered/s with 1, 2 and 3 world nodes at full speed (2 cores: oversubscribed,
 *      reported, not tuned to).
 */
export async function scaling(counts = [1, 2, 3]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const nodes of counts) {
    const cluster = await startCluster(`bench_cluster_s${nodes}_${process.pid}`, nodes, 1, { MIDGARD_SPEED: 'max', MIDGARD_NPCS: '2000' });
    try {
      // the conductor may take seconds to restore on a loaded machine: measure from when the world runs
      const deadline = Date.now() + 60_000;
      while (!(await worldCounters(cluster.nodeUrls)) && Date.now() < deadline) await sleep(250);
      await sleep(3_000);
      const before = await worldCounters(cluster.nodeUrls);
      const started = Date.now();
      await sleep(10_000);
      const after = await worldCounters(cluster.nodeUrls);
      const seconds = (Date.now() - started) / 1000;
      if (!before || !after || after.tick === before.tick) {
        for (const n of cluster.nodes) console.error(n.name, JSON.stringify(n.logs.filter((l) => l.level !== 30 || /conductor|rebuilt|ticking|running/.test(String(l.msg))).slice(-12)));
      }
      out[`${nodes} node${nodes > 1 ? 's' : ''}`] =
        before && after ? { ticksPerSecond: +((after.tick - before.tick) / seconds).toFixed(1), eventsPerSecond: Math.round((after.events - before.events) / seconds) } : null;
    } finally {
      await cluster.stop();
    }
  }
  return out;
}

export async function run(): Promise<object> {
  const missing = await natsUnavailable();
  if (missing) {
    console.log(`cluster: skipped — ${missing}`);
    return { skipped: missing };
  }
  {
    const a = await failover(`bench_cluster_${process.pid}`, { nodes: 3, gateways: 2, loadSeconds: 24, eventsPerSecond: 100 });
    console.log('cluster failover', JSON.stringify(a));
    const b = await conductorLoss(`bench_cluster_c_${process.pid}`, 3);
    console.log('cluster conductor loss', JSON.stringify(b));
    const c = await scaling();
    console.log('cluster scaling', JSON.stringify(c));
    return { failover: a, conductorLoss: b, scaling: c };
  }
}
