import { PROCESS_ROLES, isProcessRole, type ProcessRole } from '../app/roles.ts';
import { parseOptions, usageFailure, UsageError } from './args.ts';
import type { BannerFacts } from './banner.ts';
import { chooseSecret, devSecretPath } from './devSecret.ts';

export const summary = 'run the world and the gateway (embedded defaults unless DATABASE_URL / REDIS_URL are set)';

export const usage = `usage: midgard start [--role all|gateway|world]

Runs the world and the gateway until Ctrl-C (SIGINT) or SIGTERM, then checkpoints and stops.

  --role all      the world and the gateway in one process (the default; or MIDGARD_ROLE)
  --role gateway  only the gateway: journals events and serves actions from DATABASE_URL's Postgres, with no
                  world in the process; run any number of them in front of one world
  --role world    a world node (needs NATS with JetStream, MIDGARD_NATS_URL): serves its share of the world's
                  host slots, and the node holding the conductor lease runs the world — it follows the journal
                  the gateways write and fills the outbox they serve; run one or more; MIDGARD_PORT serves only
                  /health, /ready (with the world's tick on the conductor) and /metrics

Settings come from the environment (see the README): MIDGARD_PORT, MIDGARD_HOST, MIDGARD_NPCS, DATABASE_URL,
REDIS_URL, MIDGARD_JWT_SECRET, …

On a terminal it prints where the dashboard is and a one-time sign-in link. Without MIDGARD_JWT_SECRET and
outside NODE_ENV=production it signs tokens with a development secret kept in ./data/dev-jwt-secret (next to
MIDGARD_DATA_DIR), so the link works at once and \`midgard token\` works on this machine; in production,
sign-in stays off until MIDGARD_JWT_SECRET is set.`;

/** Exit with `code` shortly even if a handle (a worker, a socket) would keep the event loop alive. */
function exitSoon(code: number): void {
  setTimeout(() => process.exit(code), 500).unref();
}

/** `--role`, else MIDGARD_ROLE (checked again, with every other setting, when the process starts), else `all`. */
function chosenRole(flag: string | undefined, env: Record<string, string | undefined>): ProcessRole {
  if (flag !== undefined && !isProcessRole(flag)) throw new UsageError(`midgard start: --role must be one of ${PROCESS_ROLES.join(', ')}, got '${flag}'`);
  const raw = flag ?? env.MIDGARD_ROLE;
  return raw && isProcessRole(raw) ? raw : 'all';
}

/** Runs until SIGINT/SIGTERM, then shuts down cleanly: gateway drained, snapshots flushed, connections closed. */
export async function run(args: string[]): Promise<number> {
  const env = { ...process.env };
  let role: ProcessRole;
  try {
    const { values } = parseOptions('start', args, { role: { type: 'string' }, help: { type: 'boolean', short: 'h' } });
    if (values.help) {
      console.log(usage);
      return 0;
    }
    role = chosenRole(values.role, env);
    if (values.role !== undefined) env.MIDGARD_ROLE = values.role; // the flag wins over the setting
  } catch (err) {
    return usageFailure(err, usage);
  }
  const { secret, origin } = chooseSecret(env);
  if (secret !== null) env.MIDGARD_JWT_SECRET = secret;
  // a new embedded world's database is copied from the install's template while the code below loads
  // (app/pgTemplate.ts); createMidgard awaits the same copy. Settings errors are reported by createMidgard.
  if (role !== 'gateway') void seedEarly(env);
  // listened for before anything starts: a signal during start-up or the banner still shuts down cleanly
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  if (role !== 'all') return runPart(role, env, stopSignal);
  // loaded after parsing, so `midgard start --help` and a typo answer at once
  const [{ createMidgard }, { realWorld }, { log }] = await Promise.all([
    import('../app/createMidgard.ts'),
    import('../app/world.ts'),
    import('../runtime/log.ts'),
  ]);
  let midgard;
  try {
    midgard = await createMidgard({ world: realWorld(), env });
  } catch (err) {
    // e.g. listen EADDRINUSE: nothing else was opened yet; make sure no stray handle keeps a failed start alive
    console.error(`midgard start: ${(err as Error).message}`);
    exitSoon(1);
    return 1;
  }
  await announce(midgard, env, origin, log);
  return runUntilStopped(midgard, stopSignal, log, 'all');
}

/** `--role gateway` or `--role world`: one part of Midgard, until a signal (or, for a world, losing its fence). */
async function runPart(role: 'gateway' | 'world', env: Record<string, string | undefined>, stopSignal: Promise<NodeJS.Signals>): Promise<number> {
  const { log } = await import('../runtime/log.ts');
  let part: { close(): Promise<void>; lost?: Promise<Error> };
  try {
    if (role === 'gateway') {
      const { openGatewayNode } = await import('../app/gatewayNode.ts');
      const node = await openGatewayNode({ env });
      log.info({ role, url: node.gateway.url, docs: `${node.gateway.url}/docs` }, 'midgard gateway is ready');
      part = node;
    } else {
      const [{ openWorldNode }, { realWorld }] = await Promise.all([import('../app/worldNode.ts'), import('../app/world.ts')]);
      const node = await openWorldNode({ world: realWorld(), env });
      log.info({ role, node: node.node.options.node, world: node.node.options.world, health: `${node.health.url}/health` }, 'midgard world node joined (no bridge API: gateways serve it)');
      part = node;
    }
  } catch (err) {
    console.error(`midgard start: ${(err as Error).message}`);
    exitSoon(1);
    return 1;
  }
  return runUntilStopped(part, stopSignal, log, role);
}

/**
 * Until a signal (close cleanly, exit 0) or until the part is lost — another process took the world (a newer
 * fencing epoch), a node's NATS connection ended — then stop writing at once and exit 1.
 */
async function runUntilStopped(
  part: { close(): Promise<void>; lost?: Promise<Error> },
  stopSignal: Promise<NodeJS.Signals>,
  log: { info(fields: object, msg: string): void },
  role: ProcessRole,
): Promise<number> {
  const reason = await Promise.race([stopSignal, part.lost ?? new Promise<never>(() => {})]);
  if (typeof reason === 'string') {
    log.info({ signal: reason, role }, `${reason} received, shutting down`);
    await part.close();
    return 0;
  }
  console.error(`midgard: ${reason.message}`);
  await part.close().catch(() => {});
  exitSoon(1);
  return 1;
}

async function seedEarly(env: Record<string, string | undefined>): Promise<void> {
  try {
    const [{ loadSettings }, { seedDataDir }] = await Promise.all([import('../app/settings.ts'), import('../app/pgTemplate.ts')]);
    const settings = loadSettings(env);
    if (!settings.DATABASE_URL) await seedDataDir(settings.MIDGARD_DATA_DIR);
  } catch {
    // a bad setting or a failed copy: createMidgard reports it (or runs initdb) in its own time
  }
}

/** The banner on a terminal; one JSON record with the same facts otherwise. */
async function announce(
  midgard: Awaited<ReturnType<typeof import('../app/createMidgard.ts').createMidgard>>,
  env: Record<string, string | undefined>,
  origin: BannerFacts['secret'],
  log: typeof import('../runtime/log.ts').log,
): Promise<void> {
  const { describeCache, describeDatabase, startBanner, startWarnings } = await import('./banner.ts');
  const { mintSignInTicket } = await import('../gateway/admin/signin.ts');
  const url = midgard.gateway.url;
  const { world, gateway, database, redis } = midgard.config;
  // production never prints a sign-in link: it would hand a superadmin session to whoever reads the terminal
  const secret = env.MIDGARD_JWT_SECRET;
  const signInLink =
    secret && env.NODE_ENV !== 'production' ? `${url}/#/signin?ticket=${await mintSignInTicket(secret, { sub: 'local-admin', role: 'superadmin' })}` : null;
  const facts: BannerFacts = {
    url, hostname: gateway.hostname, signInLink, secret: origin, secretFile: devSecretPath(env),
    database: describeDatabase(midgard.db.engine, database.url, database.dataDir),
    cache: describeCache(redis.url),
    actors: midgard.runtime.stats().registered,
    npcs: world.npcs, workers: world.workers, speed: world.speed,
    restored: midgard.runtime.restoredExtras !== undefined,
    startedInMs: Math.round(process.uptime() * 1000),
  };
  if (process.stderr.isTTY) {
    process.stderr.write(startBanner(facts, true));
    return;
  }
  for (const warning of startWarnings(facts)) log.warn(warning);
  log.info({ dashboard: `${url}/`, docs: `${url}/docs`, signIn: signInLink, database: facts.database, cache: facts.cache, actors: facts.actors, startedInMs: facts.startedInMs }, 'midgard is ready');
}
