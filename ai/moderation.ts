/**
 * Moderation of everything generated before it reaches players: LLM output, templates (their slots come from
 * facts such as player names) and rules alike. A blocklist plus rules for what an in-world NPC must never say
 * (links, contact details, breaking character). Rejected text never reaches a player: the caller falls back
 * and counts it. The blocklist is deliberately small and configurable; operators extend it per server.
 *
 * @example
 * const moderate = createModerator();
 * moderate('Welcome to Prontera!'); // { ok: true }
 * moderate('Visit http://gold.example'); // { ok: false, reason: 'link' }
 */

export type ModerationResult = { ok: true } | { ok: false; reason: string };

export interface ModerationOptions {
  /** words rejected anywhere, as whole words, case-insensitive */
  blocklist?: readonly string[];
  maxLength?: number;
}

/** Short default list: slurs and obscenities are matched as whole words (also with digits for letters). */
export const DEFAULT_BLOCKLIST: readonly string[] = [
  'fuck', 'shit', 'cunt', 'bitch', 'asshole', 'bastard', 'nigger', 'faggot', 'retard', 'whore', 'slut', 'rape',
  'kill yourself', 'kys',
];

const RULES: readonly { reason: string; pattern: RegExp }[] = [
  { reason: 'contact', pattern: /[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{8,}\d/ },
  { reason: 'link', pattern: /\bhttps?:\/\/|\bwww\.|\b[a-z0-9-]+\.(com|net|org|io|gg|ru|cn)\b/i },
  // an NPC breaking character leaks the machinery behind the world
  { reason: 'out-of-character', pattern: /\b(as an ai|language model|i cannot assist|openai|anthropic|chatgpt)\b/i },
  { reason: 'markup', pattern: /<\s*\/?\s*(script|iframe|img)\b|```/i },
  { reason: 'control-characters', pattern: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/ },
];

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '@': 'a', $: 's' };

export function createModerator(options: ModerationOptions = {}): (text: string) => ModerationResult {
  const maxLength = options.maxLength ?? 600;
  const blocked = (options.blocklist ?? DEFAULT_BLOCKLIST).map(
    (word) => new RegExp(`(^|[^\\p{L}])${escapeRegExp(word.toLowerCase())}($|[^\\p{L}])`, 'u'),
  );
  return (text) => {
    if (!text.trim()) return { ok: false, reason: 'empty' };
    if (text.length > maxLength) return { ok: false, reason: 'too-long' };
    for (const rule of RULES) if (rule.pattern.test(text)) return { ok: false, reason: rule.reason };
    const lowered = text.toLowerCase();
    const unleeted = lowered.replace(/[013457@$]/g, (c) => LEET[c]!);
    for (const pattern of blocked) {
      if (pattern.test(lowered) || pattern.test(unleeted)) return { ok: false, reason: 'blocklist' };
    }
    return { ok: true };
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
