// Duplicates at ingest: exact copies share the document id (the hash of the normalized text); near-duplicates
// share MinHash LSH keys and are confirmed by the store (store/near-dup.ts holds the rules, shared by backends).
import { normalizeForMatch } from "../text/index.js";
import { documentId, nearKeys, NEAR_MIN_WORDS, NEAR_THRESHOLD } from "../store/index.js";

export { nearKeys, NEAR_MIN_WORDS, NEAR_THRESHOLD };

/** The document id and the normalized text it hashes. */
export function fingerprint(text: string): { id: string; normText: string } {
  const normText = normalizeForMatch(text);
  return { id: documentId(normText), normText };
}
