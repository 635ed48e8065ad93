import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout's root: the nearest folder above this file that holds `package.json`. The same whether the
 * sources run through tsx or a precompiled copy runs from `dist/<build>/` (bin/build.js), so code that needs a
 * file outside its own tree (the CLI's command sources, `bin/midgard.js`) finds it either way.
 */
export const PROJECT_ROOT = (() => {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('no package.json above app/paths: not inside a Midgard checkout');
  }
})();
