-- A server event (daily_reset, most custom events) has no player: the original rAthena bridge omits player_id
-- when it is 0. Midgard keeps "no player" as an absent player_id everywhere, so the journal stores it as null;
-- rows journaled with 0 before meant the same thing.
alter table event_journal alter column player_id drop not null;
update event_journal set player_id = null where player_id = 0;
