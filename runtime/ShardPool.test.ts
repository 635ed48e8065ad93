import { describe, expect, it } from 'vitest';
import { workerExecArgv } from './ShardPool.ts';

describe('shard pool workers', () => {
  it('load the TypeScript sources through tsx, and the build without it (its JavaScript ran transpiled again)', () => {
    expect(workerExecArgv('file:///app/runtime/worker.ts', ['--inspect=0', '--enable-source-maps'])).toEqual(['--enable-source-maps', '--import', 'tsx']);
    expect(workerExecArgv('file:///app/dist/0123456789abcdef/runtime/worker.js', ['--enable-source-maps'])).toEqual(['--enable-source-maps']);
  });
});
