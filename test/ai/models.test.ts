import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANTHROPIC_MODELS } from '../../ai/providers/AnthropicProvider.ts';
import { GROQ_MODELS } from '../../ai/providers/GroqProvider.ts';

/** The default models against what the installed SDKs list and deprecate (read from their own files). */
const sdkDir = (name: string) => dirname(createRequire(import.meta.url).resolve(name));

describe('default models', () => {
  it('are current Anthropic models: listed by the SDK and absent from its deprecation table', () => {
    const dir = sdkDir('@anthropic-ai/sdk');
    const deprecated = readFileSync(join(dir, 'internal/data/deprecated-models.js'), 'utf8');
    const listed = readFileSync(join(dir, 'resources/messages/messages.d.ts'), 'utf8');
    for (const model of Object.values(ANTHROPIC_MODELS)) {
      expect(deprecated, model).not.toContain(`'${model}'`);
      expect(listed, model).toContain(`'${model}'`);
    }
  });

  it('are Groq models its SDK lists', () => {
    const listed = readFileSync(join(sdkDir('groq-sdk'), 'resources/chat/completions.d.ts'), 'utf8');
    for (const model of Object.values(GROQ_MODELS)) expect(listed, model).toContain(`'${model}'`);
  });
});
