-- Events the per-player rate limit keeps from the actors. They are journaled all the same (they happened in the
-- game and were acknowledged), and the decision is stored with them in the append's transaction, so whichever
-- process follows the journal — the world in the gateway's process or in another — skips exactly these.
alter table event_journal add column held boolean not null default false;
