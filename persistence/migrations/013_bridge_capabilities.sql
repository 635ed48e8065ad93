-- The bridge's latest capabilities handshake (PUT /api/v1/bridge/capabilities): what the game server can run.
-- One row, replaced by each handshake, shared by the world and every gateway node of the schema (the writer
-- NOTIFYs in its transaction; the others reload). `version` grows with each handshake, so a process that hears
-- of two late and out of order keeps the newer.
create table bridge_capabilities (
  singleton boolean primary key default true check (singleton),
  version bigint not null,
  capabilities jsonb not null,
  received_at bigint not null
);
