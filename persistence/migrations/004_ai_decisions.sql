-- What a model said, under the id of the effect that asked (derived from the causal trace, so stable across a
-- crash and replay). A replay reads the recorded answer instead of asking again: the world stays the same.
create table if not exists ai_decisions (
  effect_id  text primary key,
  decision   jsonb not null,
  created_at timestamptz not null default now()
);
