import type { Sql } from 'postgres';

/** The unique text columns the stores look keys up by. */
const LOOKUPS = {
  journal: { table: 'event_journal', column: 'key' },
  outbox: { table: 'action_outbox', column: 'action_id' },
} as const;
export type KeyedTable = keyof typeof LOOKUPS;

/**
 * The statement behind `existingKeys`, `$1` being the keys. It probes the unique index once per key, through a
 * join on `unnest`, instead of `column = any($1)`: postgres.js prepares every statement, and a generic plan
 * chosen while the table was small turns `= any($1)` into a sequential scan that compares every row with every
 * key. The journal's group-commit appends measured 40–230 ms each that way on a 20k-row table, growing with it.
 */
export function existingKeysStatement(table: KeyedTable): string {
  const { table: name, column } = LOOKUPS[table];
  return `select ${name}.${column} as k from unnest($1::text[]) as wanted(k) join ${name} on ${name}.${column} = wanted.k`;
}

/** Which of `keys` the table already holds. */
export async function existingKeys(sql: Sql, table: KeyedTable, keys: string[]): Promise<Set<string>> {
  const rows = await sql.unsafe<{ k: string }[]>(existingKeysStatement(table), [keys], { prepare: true });
  return new Set(rows.map((row) => row.k));
}
