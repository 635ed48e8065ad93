-- The world's own tables: what the agents remember about the story, the economy and the players.
-- `player_id` columns are rAthena char_ids; every one is indexed so GDPR export/erase stays cheap.

create table story_arcs (
  id text primary key,
  title text not null,
  status text not null default 'active' check (status in ('active', 'completed', 'abandoned')),
  data jsonb not null default '{}',
  started_at timestamptz not null default now(),
  completed_at timestamptz
);
create index story_arcs_completed on story_arcs (completed_at) where status = 'completed';

create table world_problems (
  id text primary key,
  kind text not null,
  map text,
  severity integer not null default 1,
  status text not null default 'open' check (status in ('open', 'resolved', 'expired')),
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  resolved_at timestamptz
);

create table quests (
  id text primary key,
  arc_id text references story_arcs (id) on delete set null,
  title text not null,
  status text not null default 'open' check (status in ('open', 'accepted', 'completed', 'failed', 'expired')),
  player_id bigint,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz
);
create index quests_player on quests (player_id) where player_id is not null;

create table prices (
  item_id integer not null,
  map text not null default '',
  price bigint not null check (price >= 0),
  updated_at timestamptz not null default now(),
  primary key (item_id, map)
);

create table factions (
  id text primary key,
  name text not null,
  data jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table reputation (
  player_id bigint not null,
  faction_id text not null references factions (id) on delete cascade,
  value integer not null default 0,
  updated_at timestamptz not null default now(),
  primary key (player_id, faction_id)
);

create table karma (
  player_id bigint primary key,
  value integer not null default 0,
  updated_at timestamptz not null default now()
);

create table spawned_content (
  id text primary key,
  kind text not null,
  map text,
  player_id bigint,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index spawned_content_expires on spawned_content (expires_at);
create index spawned_content_player on spawned_content (player_id) where player_id is not null;

create table agent_logs (
  id bigserial primary key,
  agent_id text not null,
  player_id bigint,
  level text not null default 'info',
  message text not null,
  data jsonb,
  created_at timestamptz not null default now()
);
create index agent_logs_created on agent_logs (created_at);
create index agent_logs_player on agent_logs (player_id) where player_id is not null;
