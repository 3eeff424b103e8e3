// Near-duplicate texts: word 3-shingles, their Jaccard similarity, and MinHash LSH keys to find candidates fast.
//
// Syndicated copies are rarely byte-identical: an outlet changes the headline, a word, the sign-off. A copy with
// one word changed in a 55-word report still shares ~89% of its 3-shingles. The ingest path computes LSH keys
// (16 bands of 4 MinHashes: pairs above ~0.7 Jaccard share a key with probability > 0.99); the store looks up the
// documents sharing a key and confirms with the exact Jaccard over the stored normalized texts.

/** Below this many words no fingerprint is made: two short items about one town look alike but are distinct events. */
export const NEAR_MIN_WORDS = 20;
/** Default Jaccard similarity of 3-shingles above which a text is a near-duplicate. */
export const NEAR_THRESHOLD = 0.7;
const HASHES = 64;
const ROWS = 4;

/** murmur3's 32-bit finalizer. */
function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** FNV-1a over a word's UTF-16 code units, finalized. */
function wordHash(s: string, from: number, to: number): number {
  let a = 0x811c9dc5;
  for (let i = from; i < to; i++) a = Math.imul(a ^ s.charCodeAt(i), 0x01000193);
  return fmix(a);
}

function isWordChar(c: number): boolean {
  // ASCII letters and digits, and everything from Latin-1 up (normalized Arabic has no harakat left)
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0xc0 && c !== 0x060c && c !== 0x061b && c !== 0x061f && !(c >= 0x2000 && c <= 0x206f) && c !== 0x00d7 && c !== 0x00f7);
}

/** Hashes of the words of normalized text. */
function wordHashes(norm: string): number[] {
  const out: number[] = [];
  let i = 0;
  const n = norm.length;
  while (i < n) {
    while (i < n && !isWordChar(norm.charCodeAt(i))) i++;
    const s = i;
    while (i < n && isWordChar(norm.charCodeAt(i))) i++;
    if (i > s) out.push(wordHash(norm, s, i));
  }
  return out;
}

/** The distinct 3-shingle hashes of normalized text, sorted; null when it has fewer than NEAR_MIN_WORDS words. */
export function shingles(norm: string): Uint32Array | null {
  const w = wordHashes(norm);
  if (w.length < NEAR_MIN_WORDS) return null;
  const sh = new Uint32Array(w.length - 2);
  for (let i = 0; i + 2 < w.length; i++) sh[i] = fmix(Math.imul(Math.imul(w[i], 0x9e3779b1) ^ w[i + 1], 0x85ebca6b) ^ w[i + 2]);
  sh.sort();
  let k = 0;
  for (let i = 0; i < sh.length; i++) if (i === 0 || sh[i] !== sh[i - 1]) sh[k++] = sh[i];
  return sh.subarray(0, k);
}

/** Jaccard similarity of two sorted sets. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  let i = 0, j = 0, both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) { both++; i++; j++; } else if (a[i] < b[j]) i++; else j++;
  }
  const union = a.length + b.length - both;
  return union === 0 ? 0 : both / union;
}

const SEEDS = Array.from({ length: HASHES }, (_, i) => fmix(0x9e3779b9 * (i + 1)));

/**
 * LSH keys of normalized text (16 integers; a pair of texts sharing one is a candidate), or undefined when the
 * text is too short. Key = band × 2^32 + hash of the band's 4 MinHashes: exact in a double, an INTEGER in SQL.
 */
export function nearKeys(norm: string): number[] | undefined {
  const sh = shingles(norm);
  if (!sh || sh.length === 0) return undefined;
  const mins = new Uint32Array(HASHES).fill(0xffffffff);
  for (let i = 0; i < sh.length; i++) {
    const x = sh[i];
    for (let k = 0; k < HASHES; k++) {
      const h = fmix(x ^ SEEDS[k]);
      if (h < mins[k]) mins[k] = h;
    }
  }
  const keys: number[] = [];
  for (let b = 0; b < HASHES / ROWS; b++) {
    let h = 0x2545f491 ^ b;
    for (let r = 0; r < ROWS; r++) h = fmix(Math.imul(h, 0x01000193) ^ mins[b * ROWS + r]);
    keys.push(b * 4294967296 + h);
  }
  return keys;
}
