import { describe, expect, it } from 'vitest';
import { formatDuration, progressLine } from './progress.ts';

describe('progress line', () => {
  it('has a label, a bar, a percentage and a time left', () => {
    expect(progressLine('simulating 7 days', 0.5, 10, 10)).toBe('simulating 7 days [#####.....]  50%  10s left');
    expect(progressLine('x', 0, 0, 4)).toBe('x [....]   0%  estimating…');
    expect(progressLine('x', 1, 75, 4)).toBe('x [####] 100%  done in 1m15s');
  });

  it('formats durations compactly', () => {
    expect(formatDuration(42)).toBe('42s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3720)).toBe('1h02m');
  });
});
