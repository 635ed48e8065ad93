-- The newest lease epoch that wrote for each shard of a world (cluster/fence.ts): a write from an older epoch —
-- a node that lost its lease without noticing — is refused, so two nodes never both write one shard.
create table if not exists shard_fence (
  world  text    not null,
  shard  integer not null,
  epoch  bigint  not null,
  primary key (world, shard)
);
