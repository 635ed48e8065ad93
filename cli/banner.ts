/**
 * What `midgard start` tells a person at a terminal once the world answers: where to go, how to get in, and
 * what it is running on. Pure, so the words are tested; `start.ts` gathers the facts.
 */
export interface BannerFacts {
  url: string;
  /** the address the gateway binds (0.0.0.0 = every interface) */
  hostname: string;
  /** one-time sign-in link, when sign-in is possible */
  signInLink: string | null;
  /** how the JWT secret came to be */
  secret: 'configured' | 'dev-file' | 'none';
  /** where the development secret is kept */
  secretFile: string;
  database: string;
  cache: string;
  actors: number;
  npcs: number;
  workers: number;
  speed: number | 'max';
  restored: boolean;
  /** ms from process start to ready */
  startedInMs: number;
}

/** `1 NPC`, `2 NPCs`; `1 day`, `3 days`. */
export const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** True when the gateway can be reached from other machines. */
export const listensBeyondLocalhost = (hostname: string): boolean => !['127.0.0.1', '::1', 'localhost'].includes(hostname);

/** Postgres URL without its password. */
export function describeDatabase(engine: 'postgres' | 'pglite', url: string | undefined, dataDir: string): string {
  if (engine === 'pglite') return `embedded PGlite in ${dataDir} (set DATABASE_URL to use a Postgres server)`;
  try {
    const u = new URL(url ?? '');
    if (u.password) u.password = '***';
    return `Postgres ${u.toString()}`;
  } catch {
    return 'Postgres (DATABASE_URL)';
  }
}

export function describeCache(redisUrl: string | undefined): string {
  if (!redisUrl) return 'in-process memory (set REDIS_URL to share the cache and rate limits across processes)';
  try {
    const u = new URL(redisUrl);
    if (u.password) u.password = '***';
    return `Redis ${u.toString()}`;
  } catch {
    return 'Redis (REDIS_URL)';
  }
}

/** Warnings worth a line of their own, shared by the banner and the JSON log. */
export function startWarnings(f: Pick<BannerFacts, 'hostname' | 'secret'>): string[] {
  const warnings: string[] = [];
  if (listensBeyondLocalhost(f.hostname) && f.secret !== 'configured') {
    warnings.push(
      `the gateway listens on ${f.hostname} (reachable from other machines) without MIDGARD_JWT_SECRET: ` +
        'set one before exposing it, or MIDGARD_HOST=127.0.0.1 to keep it on this machine',
    );
  }
  return warnings;
}

export function startBanner(f: BannerFacts, colour = false): string {
  const bold = (s: string) => (colour ? `\x1b[1m${s}\x1b[0m` : s);
  const dim = (s: string) => (colour ? `\x1b[2m${s}\x1b[0m` : s);
  const warn = (s: string) => (colour ? `\x1b[33m${s}\x1b[0m` : s);
  const row = (label: string, value: string) => `  ${label.padEnd(10)}${value}`;
  const base = f.url.replace(/\/$/, '');
  const signIn =
    f.signInLink !== null
      ? [row('Sign in', bold(f.signInLink)), row('', dim(`one use, from a browser on this machine, within 15 minutes`))]
      : f.secret === 'configured'
        ? [row('Sign in', `paste a token from: MIDGARD_JWT_SECRET=… npx midgard token --role admin --sub you`)]
        : [row('Sign in', 'disabled: set MIDGARD_JWT_SECRET (16+ characters) and restart, then use `npx midgard token`')];
  const secretNote =
    f.secret === 'dev-file'
      ? [row('Tokens', dim(`development secret in ${f.secretFile} (no MIDGARD_JWT_SECRET); \`npx midgard token --role admin --sub you\` uses it`))]
      : [];
  const world = `${plural(f.actors, 'actor')} (${plural(f.npcs, 'NPC')}), ${plural(f.workers, 'worker')}, speed ${f.speed === 'max' ? 'max' : `${f.speed}×`}${f.restored ? ', restored from the last checkpoint' : ', new world'}`;
  const lines = [
    '',
    `  ${bold('Midgard is running')} ${dim(`(ready in ${(f.startedInMs / 1000).toFixed(1)} s)`)}`,
    '',
    row('Dashboard', bold(`${base}/`)),
    ...signIn,
    ...secretNote,
    row('API docs', `${base}/docs  ${dim(`(OpenAPI: ${base}/openapi.json)`)}`),
    row('Health', `${base}/health  ${dim(`metrics: ${base}/metrics`)}`),
    row('Database', f.database),
    row('Cache', f.cache),
    row('World', world),
    ...startWarnings(f).map((w) => warn(`  ! ${w}`)),
    '',
    dim('  Stop with Ctrl-C (the world is checkpointed on the way out).'),
    '',
  ];
  return `${lines.join('\n')}\n`;
}
