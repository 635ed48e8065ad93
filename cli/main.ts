import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `midgard <command> [args]`. Each command is its own file in this folder exporting
 * `run(args: string[]): Promise<number>` and a one-line `summary`, so a new command needs no edit here.
 */
export interface Command {
  summary: string;
  run(args: string[]): Promise<number>;
}

const COMMAND_NAME = /^[a-z][a-z-]*$/;

function commandUrl(name: string): URL | null {
  if (!COMMAND_NAME.test(name) || name === 'main' || name === 'args') return null;
  const url = new URL(`./${name}.ts`, import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : null;
}

async function help(): Promise<string> {
  const { readdirSync } = await import('node:fs');
  const lines = ['usage: midgard <command> [options]', '', 'commands:'];
  const dir = fileURLToPath(new URL('.', import.meta.url));
  for (const file of readdirSync(dir).sort()) {
    const name = file.replace(/\.ts$/, '');
    if (file.endsWith('.test.ts') || !file.endsWith('.ts') || !commandUrl(name)) continue;
    const mod = (await import(new URL(`./${file}`, import.meta.url).href)) as Partial<Command>;
    if (typeof mod.run === 'function') lines.push(`  ${name.padEnd(10)} ${mod.summary ?? ''}`);
  }
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(await help());
    return name ? 0 : 2;
  }
  const url = commandUrl(name);
  if (!url) {
    console.error(`midgard: unknown command '${name}'\n\n${await help()}`);
    return 2;
  }
  const command = (await import(url.href)) as Command;
  return command.run(rest);
}
