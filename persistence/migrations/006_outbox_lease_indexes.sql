-- The lease scan walked one index of every open action in seq order, stepping over each leased one still
-- inside its lease: with many actions out at the bridge, every poll re-read all of them (100k leased ahead
-- measured ~270 ms a poll). Pending actions in seq order, and leased ones by when their lease ends, each get
-- an index of their own, so a poll reads only what it can take.
drop index if exists action_outbox_open;
create index action_outbox_pending on action_outbox (seq) where status = 'pending';
create index action_outbox_lease_end on action_outbox (lease_until) where status = 'leased';
