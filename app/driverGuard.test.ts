import { describe, expect, it } from 'vitest';
import { isDriverWriteRace } from './driverGuard.ts';

describe('isDriverWriteRace', () => {
  it('recognises only the postgres.js nextWrite race', () => {
    const race = new TypeError("Cannot read properties of null (reading 'write')");
    race.stack = `${race.message}\n    at Immediate.nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)`;
    expect(isDriverWriteRace(race)).toBe(true);
    const elsewhere = new TypeError("Cannot read properties of null (reading 'write')");
    elsewhere.stack = `${elsewhere.message}\n    at mine (file:///app/gateway/server.ts:1:1)`;
    expect(isDriverWriteRace(elsewhere)).toBe(false);
    expect(isDriverWriteRace(new Error('boom'))).toBe(false);
  });
});
