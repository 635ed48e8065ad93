import type { Cache } from '../persistence/types.ts';
import { log } from '../runtime/log.ts';
import { bucketOf, hashContext, normaliseRequest } from './normalise.ts';
import type { AiRequest, Answer } from './types.ts';
import { cosine, vectorize, type Vector } from './vectorize.ts';

/**
 * Tier 2: answers already given, found again. First an exact match on the normalised-context hash (L1: a Map in
 * this process; L2: the shared `Cache`, Redis in production, so every process of the world reuses answers),
 * then a similarity match (cosine ≥ `threshold`, default 0.85) among recent answers of the same purpose and
 * option set, over the offline feature-hashing vectors of `vectorize.ts` (near-duplicates, not paraphrases).
 * Entries live `ttlMs` (default 1 h) so the world's answers drift with it instead of freezing.
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

interface Entry extends CachedAnswer {
  key: string;
  vector: Vector;
  expiresAt: number;
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
  /** recent entries per bucket scanned for similarity: bounds the lookup cost (p99 < 1 ms at 256) */
  maxPerBucket?: number;
  now?: () => number;
}

export class DecisionCache {
  readonly threshold: number;
  private readonly exact = new Map<string, Entry>();
  private readonly buckets = new Map<string, Entry[]>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxPerBucket: number;
  private readonly prefix: string;
  private readonly now: () => number;

  constructor(private readonly options: DecisionCacheOptions = {}) {
    this.threshold = options.threshold ?? 0.85;
    this.ttlMs = options.ttlMs ?? 60 * 60 * 1000;
    this.maxEntries = options.maxEntries ?? 50_000;
    this.maxPerBucket = options.maxPerBucket ?? 256;
    this.prefix = options.prefix ?? 'midgard:ai:decision:';
    this.now = options.now ?? Date.now;
  }

  /** Exact (L1, then L2), then similar. Never throws: an L2 outage is a miss, logged. */
  async lookup(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>): Promise<CacheHit | null> {
    const context = normaliseRequest(request);
    const key = hashContext(context);
    const local = this.lookupLocal(key);
    if (local) return local;
    if (this.options.l2) {
      try {
        const raw = await this.options.l2.get(this.prefix + key);
        if (raw) {
          const cached = parseCached(raw);
          if (cached) {
            this.remember(key, bucketOf(context), vectorize(context.facts), cached);
            return { ...cached, match: 'exact', score: 1 };
          }
        }
      } catch (error) {
        log.warn({ err: error }, 'ai: decision cache L2 read failed; treating as a miss');
      }
    }
    return this.lookupSimilar(bucketOf(context), vectorize(context.facts));
  }

  /** The in-process part of a lookup (exact L1, then similarity): what tier-2 latency is measured on. */
  lookupInProcess(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>): CacheHit | null {
    const context = normaliseRequest(request);
    return this.lookupLocal(hashContext(context)) ?? this.lookupSimilar(bucketOf(context), vectorize(context.facts));
  }

  /** The closest live answer of the same bucket, however far: the "cached decision" last-resort fallback. */
  nearest(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>): CacheHit | null {
    const context = normaliseRequest(request);
    return this.lookupSimilar(bucketOf(context), vectorize(context.facts), -Infinity);
  }

  async store(request: Pick<AiRequest, 'purpose' | 'facts' | 'options'>, answer: Answer, provider: string): Promise<void> {
    const context = normaliseRequest(request);
    const key = hashContext(context);
    const cached: CachedAnswer = { answer, provider };
    this.remember(key, bucketOf(context), vectorize(context.facts), cached);
    if (this.options.l2) {
      try {
        await this.options.l2.set(this.prefix + key, JSON.stringify(cached), this.ttlMs);
      } catch (error) {
        log.warn({ err: error }, 'ai: decision cache L2 write failed; kept in L1 only');
      }
    }
  }

  get size(): number {
    return this.exact.size;
  }

  private lookupLocal(key: string): CacheHit | null {
    const entry = this.exact.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= this.now()) {
      this.exact.delete(key);
      return null;
    }
    return { answer: entry.answer, provider: entry.provider, match: 'exact', score: 1 };
  }

  private lookupSimilar(bucket: string, vector: Vector, threshold = this.threshold): CacheHit | null {
    const entries = this.buckets.get(bucket);
    if (!entries) return null;
    const now = this.now();
    let best: Entry | null = null;
    let bestScore = threshold;
    for (const entry of entries) {
      if (entry.expiresAt <= now) continue;
      const score = cosine(vector, entry.vector);
      if (score >= bestScore) {
        best = entry;
        bestScore = score;
      }
    }
    return best ? { answer: best.answer, provider: best.provider, match: 'similar', score: bestScore } : null;
  }

  private remember(key: string, bucket: string, vector: Vector, cached: CachedAnswer): void {
    const entry: Entry = { ...cached, key, vector, expiresAt: this.now() + this.ttlMs };
    this.exact.delete(key); // re-insert so Map order stays oldest-first for eviction
    this.exact.set(key, entry);
    if (this.exact.size > this.maxEntries) this.exact.delete(this.exact.keys().next().value!);
    let entries = this.buckets.get(bucket);
    if (!entries) this.buckets.set(bucket, (entries = []));
    const same = entries.findIndex((e) => e.key === key);
    if (same >= 0) entries.splice(same, 1);
    entries.push(entry);
    if (entries.length > this.maxPerBucket) entries.shift();
  }
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
