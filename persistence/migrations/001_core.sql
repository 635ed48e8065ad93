-- What the runtime needs to never lose what it acknowledged and to restart into the world it left.
-- Times the simulation owns (snapshot ticks, leases) are virtual/epoch milliseconds in bigint; times the
-- database owns (when a row was written) are timestamptz.

-- Gap-free counters. A sequence would leave holes on rollback and on ON CONFLICT DO NOTHING, and readers
-- that resume "after seq N" could see N+2 commit before N+1 and skip it forever. Locking one counter row
-- per append makes commit order equal seq order.
create table counters (
  name text primary key,
  value bigint not null
);
insert into counters (name, value) values ('event_journal', 0), ('action_outbox', 0), ('journal_applied', 0);

create table actor_snapshots (
  id text primary key,
  kind text not null,
  version bigint not null,
  snapshot jsonb not null,
  timers jsonb not null default '[]',
  mailbox jsonb not null default '[]',
  paused boolean not null default false,
  updated_at bigint not null,
  written_at timestamptz not null default now()
);
create index actor_snapshots_kind on actor_snapshots (kind);

create table world_state (
  id text primary key default 'world' check (id = 'world'),
  state jsonb not null,
  written_at timestamptz not null default now()
);

create table event_journal (
  seq bigint primary key,
  key text not null unique,
  event_id text,
  event_type text not null,
  player_id bigint not null,
  map text,
  "timestamp" bigint not null,
  priority text not null check (priority in ('low', 'normal', 'high', 'urgent')),
  payload jsonb not null,
  received_at timestamptz not null default now()
);
create index event_journal_player on event_journal (player_id);

create table action_outbox (
  seq bigint primary key,
  action_id text not null unique,
  action_type text not null,
  target_map text,
  target_player_id bigint,
  priority integer,
  payload jsonb,
  status text not null default 'pending' check (status in ('pending', 'leased', 'completed', 'failed')),
  attempts integer not null default 0,
  lease_until bigint,
  result_message text,
  completed_at bigint,
  created_at timestamptz not null default now()
);
-- the lease scan only ever looks at open actions; completed ones pile up and must not slow it down
create index action_outbox_open on action_outbox (seq) where status in ('pending', 'leased');
create index action_outbox_player on action_outbox (target_player_id) where target_player_id is not null;

-- columns as the mission's admin_audit_log names them
create table admin_audit_log (
  id bigserial primary key,
  admin_user text not null,
  action_type text not null,
  action_data jsonb,
  ip_address inet,
  "timestamp" timestamptz not null default now()
);
create index admin_audit_log_timestamp on admin_audit_log ("timestamp");
