/** `1m05s`, `42s`, `1h02m`: short enough for a progress line. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** One progress line: `simulating 7 days [#####.....] 50%  12s left`. The ETA is a straight-line estimate. */
export function progressLine(label: string, done: number, elapsedSeconds: number, width = 30): string {
  const fraction = Math.min(1, Math.max(0, done));
  const filled = Math.round(fraction * width);
  const eta = fraction >= 1 ? `done in ${formatDuration(elapsedSeconds)}` : fraction > 0.01 ? `${formatDuration((elapsedSeconds / fraction) * (1 - fraction))} left` : 'estimating…';
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}%  ${eta}`;
}

/**
 * A progress bar on stderr, only on a terminal, redrawn at most ~10 times a second; it never touches stdout,
 * where a command's result goes.
 */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr, now = () => performance.now()): (done: number) => void {
  if (!stream.isTTY) return () => {};
  const started = now();
  let last = -Infinity;
  return (done) => {
    const t = now();
    if (t - last < 100 && done < 1) return;
    last = t;
    stream.write(`\r${progressLine(label, done, (t - started) / 1000)}\x1b[K`);
    if (done >= 1) stream.write('\n');
  };
}
