-- The AI layer's spend per UTC day and provider, so a restart does not reset the daily budget (the embedded
-- default has no Redis to keep it). Each process writes its running totals; the larger total wins.
create table if not exists ai_spend (
  day      integer not null,
  provider text not null,
  usd      double precision not null check (usd >= 0),
  primary key (day, provider)
);
