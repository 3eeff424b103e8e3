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
  return sh ? nearKeysOf(sh) : undefined;
}

/** nearKeys from the shingles (`shingles(norm)`), when the caller has them already. */
export function nearKeysOf(sh: Uint32Array): number[] | undefined {
  if (sh.length === 0) return undefined;
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

/**
 * Shingles as stored bytes (little-endian 32-bit words), so that a candidate's set is read, not made again from its
 * text, when a new document is compared with it.
 */
export function shinglesToBytes(sh: Uint32Array): Buffer {
  const b = Buffer.allocUnsafe(sh.length * 4);
  for (let i = 0; i < sh.length; i++) b.writeUInt32LE(sh[i], i * 4);
  return b;
}
export function shinglesFromBytes(b: Uint8Array): Uint32Array {
  const n = b.length >>> 2;
  const out = new Uint32Array(n);
  const v = new DataView(b.buffer, b.byteOffset, n * 4);
  for (let i = 0; i < n; i++) out[i] = v.getUint32(i * 4, true);
  return out;
}

// ---------- an in-memory index of the keys (the SQLite store) ----------

/** The highest document seq the index holds (seqs are kept as 32-bit integers). */
const MAX_SEQ = 0xffffffff;

/** A document that shares keys with the one looked up. */
export interface NearCandidate { seq: number; shared: number }

/**
 * LSH keys → documents (by their seq), in memory: a run sorted by key (typed arrays, 12 bytes a key: ~20 MB
 * for 100,000 documents) and the keys added since the last compact(), in a hash table of typed arrays. SQLite
 * stores one row of keys per document, appended in ingest order; a table keyed by LSH key took 16 inserts per
 * document at random places in a growing B-tree, the most expensive writes of ingest.
 *
 * Documents are added in increasing seq order. A transaction that rolls back forgets what it added with
 * truncate(); compact() folds the recent keys into the sorted run and is called between transactions only.
 */
export class NearIndex {
  private keys = new Float64Array(0);
  private seqs = new Uint32Array(0);
  /** The highest seq in the sorted run. */
  private runThrough = 0;
  // recent entries, in the order added (so in seq order), each chained to the previous entry of its key
  private rKey = new Float64Array(1024);
  private rSeq = new Float64Array(1024);
  private rNext = new Int32Array(1024);
  private rCount = 0;
  // open addressing (linear probing): a taken slot holds a key and its newest entry (-1: none left)
  private slotKey = new Float64Array(2048);
  private slotHead = new Int32Array(2048).fill(-1);
  private taken = new Uint8Array(2048);
  private slotsUsed = 0;
  /** The highest seq added. */
  through = 0;

  /** Entries (key, document) held. */
  get size(): number { return this.keys.length + this.rCount; }

  /** Adds a document's keys (seq above every seq added before). */
  add(seq: number, keys: Iterable<number>): void {
    if (!(seq > this.through && seq <= MAX_SEQ)) throw new Error(`near-duplicate index: seq ${seq} after ${this.through}`);
    for (const k of keys) {
      const slot = this.slotOf(k);
      if (!this.taken[slot]) { this.taken[slot] = 1; this.slotKey[slot] = k; this.slotsUsed++; }
      const head = this.slotHead[slot];
      if (head >= 0 && this.rSeq[head] === seq) continue; // the same key twice in one document
      if (this.rCount === this.rKey.length) this.growEntries();
      const e = this.rCount++;
      this.rKey[e] = k; this.rSeq[e] = seq; this.rNext[e] = head;
      this.slotHead[slot] = e;
      if (this.slotsUsed * 2 > this.slotHead.length) this.rehash();
    }
    this.through = seq;
  }

  /** Forgets the documents above `seq`; false when some are already in the sorted run (then rebuild the index). */
  truncate(seq: number): boolean {
    if (seq >= this.through) return true;
    if (seq < this.runThrough) return false;
    // the newest entries are last, and each is the head of its key's chain
    while (this.rCount > 0 && this.rSeq[this.rCount - 1] > seq) {
      const e = --this.rCount;
      const slot = this.slotOf(this.rKey[e]);
      this.slotHead[slot] = this.rNext[e];
      // an emptied slot stays taken by its key (with no entry): probing past it stays correct
    }
    this.through = seq;
    return true;
  }

  /** Loads many documents at once, as (seq, keys) in seq order: one sort instead of a table entry per key. */
  load(rows: Iterable<[number, number[]]>): void {
    this.compact(true);
    let keys = new Float64Array(Math.max(1024, this.keys.length * 2));
    let seqs = new Uint32Array(keys.length);
    keys.set(this.keys);
    seqs.set(this.seqs);
    let n = this.keys.length;
    for (const [seq, ks] of rows) {
      if (!(seq > this.through && seq <= MAX_SEQ)) throw new Error(`near-duplicate index: seq ${seq} after ${this.through}`);
      for (const k of new Set(ks)) {
        if (n === keys.length) {
          const k2 = new Float64Array(n * 2), s2 = new Uint32Array(n * 2);
          k2.set(keys); s2.set(seqs);
          keys = k2; seqs = s2;
        }
        keys[n] = k; seqs[n] = seq; n++;
      }
      this.through = seq;
    }
    keys = keys.slice(0, n);
    seqs = seqs.slice(0, n);
    sortByKey(keys, seqs);
    this.keys = keys;
    this.seqs = seqs;
    this.runThrough = this.through;
  }

  /** Folds the recent keys into the sorted run once there are enough of them (or always, with `force`). */
  compact(force = false): void {
    const m = this.rCount;
    if (m === 0) return;
    if (!force && m < Math.max(16_384, Math.min(131_072, this.keys.length >> 3))) return;
    const rk = this.rKey.slice(0, m), rs = this.rSeq.slice(0, m);
    sortByKey(rk, rs);
    // merge two sorted runs
    const a = this.keys, as = this.seqs;
    const keys = new Float64Array(a.length + m), seqs = new Uint32Array(keys.length);
    let x = 0, y = 0, o = 0;
    while (x < a.length && y < m) {
      if (a[x] <= rk[y]) { keys[o] = a[x]; seqs[o++] = as[x++]; } else { keys[o] = rk[y]; seqs[o++] = rs[y++]; }
    }
    while (x < a.length) { keys[o] = a[x]; seqs[o++] = as[x++]; }
    while (y < m) { keys[o] = rk[y]; seqs[o++] = rs[y++]; }
    this.keys = keys;
    this.seqs = seqs;
    this.rCount = 0;
    this.slotHead.fill(-1);
    this.taken.fill(0);
    this.slotsUsed = 0;
    this.runThrough = this.through;
  }

  /**
   * The documents sharing at least one of `keys`, most shared keys first, then lowest seq; at most `limit`.
   * (What `SELECT doc_seq, count(*) … GROUP BY doc_seq ORDER BY shared DESC, doc_seq LIMIT n` answered.)
   */
  candidates(keys: Iterable<number>, limit = 50): NearCandidate[] {
    const hits: number[] = [];
    const a = this.keys;
    for (const k of new Set(keys)) {
      let lo = 0, hi = a.length;
      while (lo < hi) { const mid = (lo + hi) >>> 1; if (a[mid] < k) lo = mid + 1; else hi = mid; }
      for (let i = lo; i < a.length && a[i] === k; i++) hits.push(this.seqs[i]);
      if (this.rCount > 0) {
        const slot = this.find(k);
        if (slot >= 0) for (let e = this.slotHead[slot]; e >= 0; e = this.rNext[e]) hits.push(this.rSeq[e]);
      }
    }
    if (hits.length === 0) return [];
    hits.sort((p, q) => p - q);
    const out: NearCandidate[] = [];
    for (let i = 0; i < hits.length;) {
      let j = i + 1;
      while (j < hits.length && hits[j] === hits[i]) j++;
      out.push({ seq: hits[i], shared: j - i });
      i = j;
    }
    out.sort((p, q) => q.shared - p.shared || p.seq - q.seq);
    return out.length > limit ? out.slice(0, limit) : out;
  }

  /** A key's slot (where it is, or the free slot where it goes). */
  private slotOf(k: number): number {
    const mask = this.slotHead.length - 1;
    let i = hashKey(k) & mask;
    while (this.taken[i]) {
      if (this.slotKey[i] === k) return i;
      i = (i + 1) & mask;
    }
    return i;
  }

  /** A key's slot, or -1. */
  private find(k: number): number {
    const i = this.slotOf(k);
    return this.taken[i] ? i : -1;
  }

  private growEntries(): void {
    const n = this.rKey.length * 2;
    const k = new Float64Array(n), s = new Float64Array(n), x = new Int32Array(n);
    k.set(this.rKey); s.set(this.rSeq); x.set(this.rNext);
    this.rKey = k; this.rSeq = s; this.rNext = x;
  }

  private rehash(): void {
    const size = this.slotHead.length * 2;
    this.slotKey = new Float64Array(size);
    this.slotHead = new Int32Array(size).fill(-1);
    this.taken = new Uint8Array(size);
    this.slotsUsed = 0;
    // re-chain every entry, oldest first, so that each chain runs newest to oldest
    for (let e = 0; e < this.rCount; e++) {
      const slot = this.slotOf(this.rKey[e]);
      if (!this.taken[slot]) { this.taken[slot] = 1; this.slotKey[slot] = this.rKey[e]; this.slotsUsed++; }
      this.rNext[e] = this.slotHead[slot];
      this.slotHead[slot] = e;
    }
  }
}

/** A 32-bit hash of an LSH key (band × 2^32 + h): both halves mixed. */
function hashKey(k: number): number {
  return fmix((k >>> 0) ^ Math.imul(Math.floor(k / 4294967296) | 0, 0x9e3779b1));
}

/**
 * Sorts keys ascending, moving seqs with them. LSH keys are integers below 2^36 (band × 2^32 + hash): an LSD radix
 * sort, 8 bits a pass (a comparison sort of 1.6 million pairs takes a second); other keys, a comparison sort.
 */
function sortByKey<S extends Float64Array | Uint32Array>(keys: Float64Array, seqs: S): void {
  const n = keys.length;
  if (n < 2) return;
  let max = 0, ints = true;
  for (let i = 0; i < n; i++) {
    const k = keys[i];
    if (!(k >= 0 && Number.isInteger(k))) { ints = false; break; }
    if (k > max) max = k;
  }
  if (!ints || max >= 2 ** 48 || n < 256) {
    const order = Array.from({ length: n }, (_, i) => i).sort((p, q) => keys[p] - keys[q] || seqs[p] - seqs[q]);
    const k2 = Float64Array.from(order, (i) => keys[i]), s2 = order.map((i) => seqs[i]);
    keys.set(k2); seqs.set(s2);
    return;
  }
  let srcK: Float64Array = keys, srcS: Float64Array | Uint32Array = seqs, dstK: Float64Array = new Float64Array(n);
  let dstS: Float64Array | Uint32Array = seqs instanceof Uint32Array ? new Uint32Array(n) : new Float64Array(n);
  const counts = new Uint32Array(256);
  for (let shift = 1; shift <= max; shift *= 256) {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[Math.floor(srcK[i] / shift) & 255]++;
    for (let b = 0, sum = 0; b < 256; b++) { const c = counts[b]; counts[b] = sum; sum += c; }
    for (let i = 0; i < n; i++) {
      const o = counts[Math.floor(srcK[i] / shift) & 255]++;
      dstK[o] = srcK[i]; dstS[o] = srcS[i];
    }
    [srcK, dstK] = [dstK, srcK];
    [srcS, dstS] = [dstS, srcS];
  }
  if (srcK !== keys) { keys.set(srcK); seqs.set(srcS); }
}
