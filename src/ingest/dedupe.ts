// Near-duplicate fingerprints: a 64-bit SimHash over word 3-shingles of the normalized text.
//
// Syndicated copies are rarely byte-identical: an outlet changes the headline, a word, the sign-off. Two texts whose
// SimHashes differ in at most 3 of 64 bits share almost all their shingles. The store finds candidates through the
// four 16-bit bands (two hashes within distance 3 agree on at least one band) and links a copy to the first one.
/** Below this many words a fingerprint says little (two short items about one town look alike): none is made. */
export const MIN_WORDS = 30;
const WORD = /[\p{L}\p{N}]+/gu;

/** murmur3's 32-bit finalizer: spreads FNV's bits so that each of the 64 SimHash bits is fair. */
function fmix(h: number): number {
  h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Two 32-bit hashes of a shingle (FNV-1a with two seeds, finalized). */
function hash2(s: string): [number, number] {
  let a = 0x811c9dc5, b = 0x01234567;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193);
  }
  const h1 = fmix(a);
  return [h1, fmix(b ^ h1)];
}

/** The SimHash of normalized text as 16 hex digits, or undefined when the text is too short to compare. */
export function simhash(normText: string): string | undefined {
  const words = normText.match(WORD);
  if (!words || words.length < MIN_WORDS) return undefined;
  const v = new Int32Array(64);
  for (let i = 0; i + 2 < words.length; i++) {
    const [hi, lo] = hash2(`${words[i]} ${words[i + 1]} ${words[i + 2]}`);
    for (let b = 0; b < 32; b++) {
      v[b] += (hi >>> (31 - b)) & 1 ? 1 : -1;
      v[32 + b] += (lo >>> (31 - b)) & 1 ? 1 : -1;
    }
  }
  let hi = 0, lo = 0;
  for (let b = 0; b < 32; b++) {
    if (v[b] > 0) hi |= 1 << (31 - b);
    if (v[32 + b] > 0) lo |= 1 << (31 - b);
  }
  return (hi >>> 0).toString(16).padStart(8, "0") + (lo >>> 0).toString(16).padStart(8, "0");
}
