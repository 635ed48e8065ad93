/** Virtual-time arithmetic (UTC). Machines read time only from `meta.now`. */
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const dayOf = (now: number): number => Math.floor(now / DAY);
export const startOfDay = (now: number): number => dayOf(now) * DAY;
export const hourOf = (now: number): number => Math.floor((now % DAY) / HOUR);
