import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../app/paths.ts';
import { UsageError } from './args.ts';

/**
 * `midgard <command> [args]`. Each command is its own file in this folder exporting
 * `run(args: string[]): Promise<number>`, a one-line `summary` and its `usage`, so a new command needs no edit
 * here. Files without a `run` (helpers such as banner.ts) are not commands.
 */
export interface Command {
  summary: string;
  /** printed for `midgard <command> --help` */
  usage?: string;
  run(args: string[]): Promise<number>;
}

const COMMAND_NAME = /^[a-z][a-z-]*$/;
/** running from the precompiled dist/<build>/cli/ (bin/build.js), this file ends in .js */
const BUILT = import.meta.url.endsWith('.js');
/** the TypeScript sources, read for the command list even when the compiled files run */
const DIR = join(PROJECT_ROOT, 'cli');
const RUN = /^export async function run\(/m;
const SUMMARY = /^export const summary = (['`])(.*)\1;$/m;

function commandUrl(name: string): URL | null {
  if (!COMMAND_NAME.test(name)) return null;
  const source = `${DIR}/${name}.ts`;
  if (!existsSync(source) || !RUN.test(readFileSync(source, 'utf8'))) return null;
  return new URL(`./${name}.${BUILT ? 'js' : 'ts'}`, import.meta.url);
}

/**
 * The command list, read from the files' text rather than by importing them: importing every command pulled in
 * the runtime, PGlite and the AI providers and made `midgard help` take seconds.
 */
export function help(): string {
  const lines = ['usage: npx midgard <command> [options]     (`npx midgard <command> --help` for its options)', '', 'commands:'];
  for (const file of readdirSync(DIR).sort()) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    const source = readFileSync(`${DIR}/${file}`, 'utf8');
    if (!RUN.test(source)) continue;
    lines.push(`  ${file.replace(/\.ts$/, '').padEnd(10)} ${SUMMARY.exec(source)?.[2] ?? ''}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const topic = name === 'help' && rest[0] ? commandUrl(rest[0]) : null;
    if (topic) return main([rest[0]!, '--help']);
    if (!name) {
      console.error(help());
      return 2;
    }
    console.log(help());
    return 0;
  }
  const url = commandUrl(name);
  if (!url) {
    console.error(`midgard: unknown command '${name}'\n\n${help()}`);
    return 2;
  }
  const command = (await import(url.href)) as Command;
  const wantsHelp = rest.some((a) => a === '--help' || a === '-h');
  if (wantsHelp && command.usage) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    console.error(`${err.message}${command.usage ? `\n\n${command.usage}` : ''}`);
    return 2;
  }
}
