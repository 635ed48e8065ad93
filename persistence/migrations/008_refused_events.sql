-- Events a bridge sent that the gateway refused (unknown type, malformed payload, missing player). The batch's
-- valid events were journaled and the bridge got a 2xx, so it will never resend these: this table is where they
-- stay visible (admin API) instead of vanishing. `key` is the event's batch key, so a retried batch lists its
-- refused events once. The store keeps the newest rows only (it trims itself as it writes).
create table refused_events (
  id bigint generated always as identity primary key,
  key text not null unique,
  batch_index integer not null,
  event_type text,
  reason text not null,
  event jsonb not null,
  source text not null,
  refused_at bigint not null
);
