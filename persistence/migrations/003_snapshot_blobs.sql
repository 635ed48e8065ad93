-- Snapshots are opaque to the database: written whole, read whole, never queried inside. `json` stores the
-- text as given (validated, not re-encoded), which measured ~1.5–2× cheaper than `jsonb` for a 100k-actor
-- checkpoint both ways (bench/persistence). Nobody looks snapshots up by kind, so that index only cost writes.
alter table actor_snapshots
  alter column snapshot type json using snapshot::json,
  alter column timers type json using timers::json,
  alter column timers set default '[]'::json,
  alter column mailbox type json using mailbox::json,
  alter column mailbox set default '[]'::json;
drop index if exists actor_snapshots_kind;
