import { describe, expect, it } from 'vitest';
import { createModerator } from './moderation.ts';

describe('moderation', () => {
  const moderate = createModerator();

  it('passes ordinary in-world lines', () => {
    for (const line of ['Welcome to Prontera!', 'Mind the Porings, traveler.', 'Scunthorpe merchants sell assorted glass.']) {
      expect(moderate(line)).toEqual({ ok: true });
    }
  });

  it('rejects blocklisted words, also disguised with digits', () => {
    expect(moderate('you are a bitch')).toEqual({ ok: false, reason: 'blocklist' });
    expect(moderate('F U C K')).toEqual({ ok: true }); // spaced letters are not a word: kept simple on purpose
    expect(moderate('sh1t happens')).toEqual({ ok: false, reason: 'blocklist' });
  });

  it('rejects links, contact details, breaking character, markup, empty and overlong text', () => {
    expect(moderate('buy zeny at www.goldshop.example')).toMatchObject({ reason: 'link' });
    expect(moderate('cheap items: goldseller.com')).toMatchObject({ reason: 'link' });
    expect(moderate('mail me at a.b@example.org')).toMatchObject({ reason: 'contact' });
    expect(moderate('As an AI language model I cannot')).toMatchObject({ reason: 'out-of-character' });
    expect(moderate('<script>alert(1)</script>')).toMatchObject({ reason: 'markup' });
    expect(moderate('   ')).toMatchObject({ reason: 'empty' });
    expect(moderate('a'.repeat(601))).toMatchObject({ reason: 'too-long' });
  });

  it('takes a custom blocklist', () => {
    const strict = createModerator({ blocklist: ['poring'] });
    expect(strict('A Poring!')).toMatchObject({ reason: 'blocklist' });
    expect(strict('Porings everywhere')).toEqual({ ok: true });
  });
});
