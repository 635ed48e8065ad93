-- What forks and replays start from (fork/): past checkpoints kept aside every MIDGARD_ARCHIVE_EVERY checkpoints,
-- and the live world's inputs (game events, AI answers, admin sends) with the tick and position they were
-- delivered at, so a replay from an archived checkpoint reproduces the live world exactly.
create table if not exists checkpoint_archive (
  id          bigint primary key,
  now         bigint not null,
  journal_seq bigint not null,
  world       jsonb not null,
  taken_at    timestamptz not null default now()
);

create table if not exists checkpoint_archive_actors (
  checkpoint bigint not null references checkpoint_archive (id) on delete cascade,
  id         text not null,
  kind       text not null,
  version    bigint not null,
  snapshot   json not null,
  timers     json not null,
  mailbox    json not null,
  paused     boolean not null,
  updated_at bigint not null,
  primary key (checkpoint, id)
);

create table if not exists input_log (
  tick    bigint not null,
  n       int not null,
  to_id   text not null,
  event   json not null,
  from_id text not null,
  trace   text not null,
  primary key (tick, n)
);
