import type { Canonical } from './normalise.ts';

/**
 * An offline vectoriser for the similarity cache: signed feature hashing ("the hashing trick") of the facts.
 * Each fact becomes features such as `weather=rain`, each word of a text fact `topic~orc`, adjacent words
 * `topic~orc_lord`, and numbers a coarse bucket `gold#3` (log scale); they are hashed into a fixed vector and
 * L2-normalised so cosine similarity is a dot product.
 *
 * What it matches, honestly: near-duplicates. Two contexts that share most of their facts and words score
 * high (one differing fact out of ten scores about 0.9). It knows nothing of meaning: "the orc lord is near"
 * and "a great green warlord approaches" share no features and score about 0. No npm package ships an
 * offline neural embedding model, so paraphrase matching would need a network model this layer does not use.
 *
 * @example
 * const a = vectorize({ weather: 'rain', mood: 'calm', gold: 120 });
 * const b = vectorize({ weather: 'rain', mood: 'calm', gold: 130 });
 * cosine(a, b); // 1: same features (gold falls in the same bucket)
 */

export const VECTOR_DIMENSIONS = 512;

export type Vector = Float32Array;

export function vectorize(facts: Canonical, dimensions = VECTOR_DIMENSIONS): Vector {
  const vector = new Float32Array(dimensions);
  const add = (feature: string, weight: number) => {
    const h = fnv1a(feature);
    // the top bit picks a sign so colliding features cancel out on average instead of piling up
    vector[h % dimensions]! += h & 0x80000000 ? -weight : weight;
  };
  featuresOf(facts, '', add);
  let norm = 0;
  for (let i = 0; i < dimensions; i++) norm += vector[i]! * vector[i]!;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let i = 0; i < dimensions; i++) vector[i]! *= scale;
  }
  return vector;
}

/** The non-zero part of a vector: a lookup compares it against many stored dense vectors in O(non-zeros) each. */
export interface SparseVector {
  indices: Uint16Array;
  values: Float32Array;
}

export function toSparse(vector: Vector): SparseVector {
  let count = 0;
  for (let i = 0; i < vector.length; i++) if (vector[i] !== 0) count++;
  const indices = new Uint16Array(count);
  const values = new Float32Array(count);
  for (let i = 0, j = 0; i < vector.length; i++) {
    if (vector[i] !== 0) {
      indices[j] = i;
      values[j++] = vector[i]!;
    }
  }
  return { indices, values };
}

/** Cosine of a sparse query and a dense stored vector (both L2-normalised). */
export function cosineSparse(query: SparseVector, stored: Vector): number {
  let sum = 0;
  for (let j = 0; j < query.indices.length; j++) sum += query.values[j]! * stored[query.indices[j]!]!;
  return sum;
}

/** Dot product of two L2-normalised vectors (their cosine similarity). */
export function cosine(a: Vector, b: Vector): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function featuresOf(value: Canonical, path: string, add: (feature: string, weight: number) => void): void {
  if (value === null || typeof value === 'boolean') return add(`${path}=${value}`, 1);
  if (typeof value === 'number') {
    // log buckets: 120 and 130 gold are the same situation, 12 and 1200 are not
    const bucket = value === 0 ? 0 : Math.sign(value) * Math.round(Math.log2(Math.abs(value) + 1) * 2);
    return add(`${path}#${bucket}`, 1);
  }
  if (typeof value === 'string') {
    const words = value.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (words.length <= 1) return add(`${path}=${value}`, 1);
    // a long text should weigh about as much as one short fact in total, not drown the others
    const weight = 1 / Math.sqrt(words.length);
    for (let i = 0; i < words.length; i++) {
      add(`${path}~${words[i]}`, weight);
      if (i > 0) add(`${path}~${words[i - 1]}_${words[i]}`, weight);
    }
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) featuresOf(item, `${path}[]`, add);
    return;
  }
  for (const key of Object.keys(value)) featuresOf(value[key]!, path ? `${path}.${key}` : key, add);
}

function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
