// Duplicates at ingest: exact copies share the document id (the hash of the normalized text); near-duplicates
// share MinHash LSH keys and are confirmed by the store (store/near-dup.ts holds the rules, shared by backends).
// Imported by the worker threads: the store's modules are named one by one, so that a worker does not load the
// database drivers with the store's index.
import { normalizeForMatch } from "../text/index.js";
import { documentId } from "../store/ids.js";
import { nearKeys, NEAR_MIN_WORDS, NEAR_THRESHOLD } from "../store/near-dup.js";

export { nearKeys, NEAR_MIN_WORDS, NEAR_THRESHOLD };

/** The document id and the normalized text it hashes. */
export function fingerprint(text: string): { id: string; normText: string } {
  const normText = normalizeForMatch(text);
  return { id: documentId(normText), normText };
}
