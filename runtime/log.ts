import { pino, type Logger } from 'pino';

/** One JSON logger for the process; `MIDGARD_LOG_LEVEL` (default info; tests: silent unless set). */
export const log: Logger = pino({
  name: 'midgard',
  level: process.env.MIDGARD_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info'),
});
