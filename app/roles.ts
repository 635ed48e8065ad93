/**
 * What one `midgard start` process runs: `all` (the world and its gateway, the default), `gateway` (a stateless
 * front on a shared Postgres, any number of them) or `world` (the simulation without HTTP). Declared here, with no
 * imports, so the CLI can check `--role` before it loads anything heavy; the setting MIDGARD_ROLE uses the same list.
 */
export const PROCESS_ROLES = ['all', 'gateway', 'world'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export const isProcessRole = (value: string): value is ProcessRole => (PROCESS_ROLES as readonly string[]).includes(value);
