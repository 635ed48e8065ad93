import type { Cache } from '../persistence/types.ts';
import { log } from '../runtime/log.ts';
import { bucketOf, hashContext, normaliseRequest } from './normalise.ts';
import { spoken, type AiRequest, type Answer } from './types.ts';
import { cosineSparse, toSparse, vectorize, type SparseVector, type Vector } from './vectorize.ts';

/**
 * Tier 2: answers already given, found again. First an exact match on the normalised-context hash (L1: a Map in
 * this process; L2: the shared `Cache`, Redis in production, so every process of the world reuses answers),
 * then a similarity match (cosine ≥ `threshold`, default 0.85) among recent answers of the same purpose and
 * option set, over the offline feature-hashing vectors of `vectorize.ts` (near-duplicates, not paraphrases).
 * The similarity scan looks at the newest `maxPerBucket` answers of the bucket plus the newest `maxPerActor` of
 * the asking actor in it: an NPC's next conversation is most often a near-duplicate of its own last one, and
 * a busy bucket would push those out of a shared window long before their TTL. Both bounds cap lookup cost.
 * Entries live `ttlMs` (default 1 h, on the `now` clock: world time when the router passes a `WorldTime`) so the
 * world's answers drift with it instead of freezing. Personal answers (see {@link reuseScope}) stay with their actor.
 *
 * @example
 * const cache = new DecisionCache({ l2: new MemoryCache() });
 * await cache.store(request, { text: 'Welcome!' }, 'groq');
 * await cache.lookup(sameContextOtherActor); // { answer: { text: 'Welcome!' }, provider: 'groq', match: 'exact', score: 1 }
 */

export interface CachedAnswer {
  answer: Answer;
  provider: string;
}

export interface CacheHit extends CachedAnswer {
  match: 'exact' | 'similar';
  score: number;
}

/** What a lookup needs from a request; `actorId` is optional (no per-actor window without it). */
export type CacheQuery = Pick<AiRequest, 'purpose' | 'facts' | 'options'> & { actorId?: string };

/**
 * Facts that make an answer someone's own: a line in an NPC's voice (its name, its persona) or a text written
 * from a given draft (a story chapter's own text). Such answers are never handed to another actor, by exact
 * key or by similarity, and a drafted text never matches anything by similarity at all.
 */
export const PERSONAL_FACTS = ['npc', 'npcName', 'persona', 'speaker'] as const;
export const DRAFT_FACTS = ['template', 'draft', 'chapterText'] as const;
const has = (facts: CacheQuery['facts'], names: readonly string[]) => names.some((n) => facts[n] !== undefined && facts[n] !== null);

/** `actor` when only the asking actor may see the answer again, `none` for drafted texts, else `shared`. */
export function reuseScope(request: CacheQuery): 'shared' | 'actor' | 'none' {
  if (has(request.facts, DRAFT_FACTS)) return 'none';
  return has(request.facts, PERSONAL_FACTS) ? 'actor' : 'shared';
}

interface Entry extends CachedAnswer {
  /** lines of the answer handed out so far, shared by every key the answer is remembered under */
  rotation: { served: number };
  key: string;
  /** stored sparse (~40 non-zeros instead of 512 floats): 50k entries stay a few MB */
  vector: SparseVector;
  expiresAt: number;
}

/** A request's cache coordinates, computed once per request object (lookup, then store, share them). */
interface Probe {
  key: string;
  bucket: string;
  actorBucket: string | null;
  vector: Vector;
  /** may similar contexts share this answer, and whose windows are scanned */
  scope: 'shared' | 'actor' | 'none';
}

export interface DecisionCacheOptions {
  /** shared second level; omit for a process-local cache */
  l2?: Cache;
  /** L2 key prefix, so tests and worlds sharing one Redis never collide */
  prefix?: string;
  ttlMs?: number;
  threshold?: number;
  /** L1 entries kept (oldest evicted first) */
  maxEntries?: number;
  /** newest entries per purpose+options bucket scanned for similarity (default 512) */
  maxPerBucket?: number;
  /** newest entries per actor within a bucket scanned too (default 8) */
  maxPerActor?: number;
  now?: () => number;
}

export class DecisionCache {
  readonly threshold: number;
  private readonly exact = new Map<string, Entry>();
  private readonly windows = new Map<string, Entry[]>();
  private readonly probes = new WeakMap<object, Probe>();
  private stores = 0;
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxPerBucket: number;
  private readonly maxPerActor: number;
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(private readonly options: DecisionCacheOptions = {}) {
    this.threshold = options.threshold ?? 0.85;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.maxPerBucket = options.maxPerBucket ?? 512;
    this.maxPerActor = options.maxPerActor ?? 8;
    this.prefix = options.prefix ?? 'midgard:ai:decision:';
    this.now = options.now ?? Date.now;
  }

  /** Exact (L1, then L2), then similar. Never throws: an L2 outage is a miss, logged. */
  async lookup(request: CacheQuery): Promise<CacheHit | null> {
    const probe = this.probe(request);
    const local = this.lookupLocal(probe.key);
    if (local) return local;
    if (this.options.l2) {
      try {
        const raw = await this.options.l2.get(this.prefix + probe.key);
        const cached = raw ? parseCached(raw) : null;
        if (cached) {
          // another process's answer: this process hands out its lines from the first (rotation is per process)
          this.remember(probe, cached, undefined, { served: 1 });
          return { answer: spoken(cached.answer), provider: cached.provider, match: 'exact', score: 1 };
        }
      } catch (error) {
        log.warn({ err: error }, 'ai: decision cache L2 read failed; treating as a miss');
      }
    }
    return this.lookupSimilarAndRemember(probe);
  }

  /** The in-process part of a lookup (exact L1, then similarity): what tier-2 latency is measured on. */
  lookupInProcess(request: CacheQuery): CacheHit | null {
    const probe = this.probe(request);
    return this.lookupLocal(probe.key) ?? this.lookupSimilarAndRemember(probe);
  }

  /** The closest live answer of the same bucket, however far: the "cached decision" last-resort fallback. */
  nearest(request: CacheQuery): CacheHit | null {
    const hit = this.lookupSimilar(this.probe(request), -Infinity);
    return hit ? { answer: hit.answer, provider: hit.provider, match: hit.match, score: hit.score } : null;
  }

  /** `served`: lines of the answer already given (the asker's own, usually 1), so the next hit gets the next one. */
  async store(request: CacheQuery, answer: Answer, provider: string, served = 0): Promise<void> {
    const probe = this.probe(request);
    const cached: CachedAnswer = { answer, provider };
    this.remember(probe, cached, undefined, { served });
    if (this.options.l2) {
      try {
        await this.options.l2.set(this.prefix + probe.key, JSON.stringify(cached), this.ttlMs);
      } catch (error) {
        log.warn({ err: error }, 'ai: decision cache L2 write failed; kept in L1 only');
      }
    }
  }

  get size(): number {
    return this.exact.size;
  }

  private probe(request: CacheQuery): Probe {
    let probe = this.probes.get(request);
    if (!probe) {
      const context = normaliseRequest(request);
      const scope = reuseScope(request);
      // a personal answer is keyed by its actor too: two NPCs with the same name and traits still speak apart
      const bucket = scope === 'shared' ? bucketOf(context) : `${bucketOf(context)}#${request.actorId ?? ''}`;
      probe = {
        key: scope === 'shared' ? hashContext(context) : `${hashContext(context)}@${request.actorId ?? ''}`,
        bucket,
        actorBucket: request.actorId ? `${bucket}@${request.actorId}` : null,
        vector: vectorize(context.facts),
        scope,
      };
      this.probes.set(request, probe);
    }
    return probe;
  }

  private lookupLocal(key: string): CacheHit | null {
    const entry = this.exact.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now() || exhausted(entry)) {
      this.exact.delete(key);
      return null;
    }
    return { answer: serve(entry), provider: entry.provider, match: 'exact', score: 1 };
  }

  /**
   * A similar hit is also remembered under the new context (L1 only), so an NPC whose context drifts a little
   * per conversation keeps matching its latest one; it keeps the original expiry, so an answer never outlives
   * its TTL by being passed along.
   */
  private lookupSimilarAndRemember(probe: Probe): CacheHit | null {
    const hit = this.lookupSimilar(probe, this.threshold, true);
    if (!hit) return null;
    const answer = serve(hit.entry);
    this.remember(probe, { answer: hit.entry.answer, provider: hit.provider }, hit.expiresAt, hit.entry.rotation);
    return { answer, provider: hit.provider, match: hit.match, score: hit.score };
  }

  private lookupSimilar(probe: Probe, threshold: number, unspent = false): (CacheHit & { expiresAt: number; entry: Entry }) | null {
    if (probe.scope === 'none') return null;
    const now = this.now();
    let best: Entry | null = null;
    let bestScore = threshold;
    for (const window of [probe.actorBucket, probe.bucket]) {
      for (const entry of (window && this.windows.get(window)) || []) {
        if (entry.expiresAt <= now || (unspent && exhausted(entry))) continue;
        const score = cosineSparse(entry.vector, probe.vector);
        if (score >= bestScore) {
          best = entry;
          bestScore = score;
        }
      }
    }
    return best ? { answer: spoken(best.answer), provider: best.provider, match: 'similar', score: bestScore, expiresAt: best.expiresAt, entry: best } : null;
  }

  private remember(probe: Probe, cached: CachedAnswer, expiresAt = this.now() + this.ttlMs, rotation = { served: 0 }): void {
    const entry: Entry = { ...cached, rotation, key: probe.key, vector: toSparse(probe.vector), expiresAt };
    this.exact.delete(probe.key); // re-insert so Map order stays oldest-first for eviction
    this.exact.set(probe.key, entry);
    if (this.exact.size > this.maxEntries) this.exact.delete(this.exact.keys().next().value!);
    this.push(probe.bucket, entry, this.maxPerBucket);
    if (probe.actorBucket) this.push(probe.actorBucket, entry, this.maxPerActor);
    if (++this.stores % 4096 === 0) this.sweep();
  }

  private push(window: string, entry: Entry, max: number): void {
    let entries = this.windows.get(window);
    if (!entries) this.windows.set(window, (entries = []));
    const same = entries.findIndex((e) => e.key === entry.key);
    if (same >= 0) entries.splice(same, 1);
    entries.push(entry);
    if (entries.length > max) entries.shift();
  }

  /** Expired entries leave the windows, and empty windows go, so idle actors do not hold memory forever. */
  private sweep(): void {
    const now = this.now();
    for (const [name, entries] of this.windows) {
      const live = entries.filter((e) => e.expiresAt > now);
      if (live.length === 0) this.windows.delete(name);
      else if (live.length !== entries.length) this.windows.set(name, live);
    }
  }
}

/** An answer with variants is spent once each line was given once; one without is never spent. */
const linesOf = (answer: Answer): string[] => (answer.text !== undefined && answer.variants?.length ? [answer.text, ...answer.variants] : []);
const exhausted = (entry: Entry): boolean => {
  const lines = linesOf(entry.answer);
  return lines.length > 0 && entry.rotation.served >= lines.length;
};

/** The next line of an answer (its text, then each variant in turn), counted as given. */
function serve(entry: Entry): Answer {
  const lines = linesOf(entry.answer);
  if (!lines.length) return spoken(entry.answer);
  const text = lines[entry.rotation.served % lines.length]!;
  entry.rotation.served++;
  return { ...spoken(entry.answer), text };
}

function parseCached(raw: string): CachedAnswer | null {
  try {
    const value = JSON.parse(raw) as CachedAnswer;
    if (value && typeof value === 'object' && typeof value.provider === 'string' && value.answer && typeof value.answer === 'object') {
      return value;
    }
  } catch {
    // a foreign or corrupt value under our key: a miss, and the next store overwrites it
  }
  return null;
}
