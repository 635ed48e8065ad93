#!/usr/bin/env node
// The CLI runs the JavaScript precompiled by bin/build.js (`npm install` builds it) when that build matches the
// sources exactly; after an edit it rebuilds first (≈2 s), and if building fails it runs the TypeScript through
// tsx as before. MIDGARD_TSX=1 always runs the sources through tsx. Either way a stale build never runs.
const started = performance.now();
const entry = await chooseEntry();
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));

async function chooseEntry() {
  if (process.env.MIDGARD_TSX !== '1') {
    const { build, freshBuild } = await import('./build.js');
    const fresh = freshBuild();
    if (fresh) return fresh.href;
    try {
      await build();
      const rebuilt = freshBuild();
      if (rebuilt) {
        process.stderr.write(`midgard: sources changed, rebuilt dist/ in ${Math.round(performance.now() - started)} ms\n`);
        return rebuilt.href;
      }
    } catch (err) {
      process.stderr.write(`midgard: could not build dist/ (${err.message}); running the TypeScript sources through tsx\n`);
    }
  }
  const { register } = await import('tsx/esm/api');
  register();
  return new URL('../cli/main.ts', import.meta.url).href;
}
