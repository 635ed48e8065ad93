/**
 * The bridge contract between Midgard and rAthena, declared once: game events in (`events.ts`), game actions out
 * (`actions.ts`), what a game server can run (`capabilities.ts`). Everything that speaks to the game derives from it.
 */
export * from './events.ts';
export * from './actions.ts';
export * from './templates.ts';
export * from './capabilities.ts';
