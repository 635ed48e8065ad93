import { mkdirSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench -- <name> [...]`: runs `bench/<name>.ts`'s `run()`, writes `bench/results/<name>.json`.
 * Each benchmark prints its own one-line summary; numbers are ratios against a baseline measured in the same
 * run, because these machines are noisy.
 */
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
if (!names.length) {
  // every bench/<name>.ts is a benchmark: the list is the folder
  const known = readdirSync(new URL('.', import.meta.url)).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.slice(0, -3));
  console.error(`usage: npm run bench -- <${known.join('|')}> [...]`);
  process.exit(2);
}
const results = fileURLToPath(new URL('./results/', import.meta.url));
mkdirSync(results, { recursive: true });
for (const name of names) {
  const file = new URL(`./${name}.ts`, import.meta.url);
  if (!/^[a-z-]+$/.test(name) || !existsSync(fileURLToPath(file))) {
    console.error(`no benchmark named '${name}'`);
    process.exit(2);
  }
  const { run } = (await import(file.href)) as { run(): Promise<object> };
  const result = { name, at: new Date().toISOString(), node: process.version, ...(await run()) };
  writeFileSync(`${results}${name}.json`, JSON.stringify(result, null, 2));
}
process.exit(0);
