// Content-derived ids: a document is the hash of its normalized text; a claim is the hash of what it says and where.
//
// Because both derive from content, re-ingesting or re-extracting the same text yields the same ids, and the
// reviews attached to claim ids stay attached.
import { createHash } from "node:crypto";

/** The document id: 32 hex digits of SHA-256 over the normalized text. */
export function documentId(normText: string): string {
  return createHash("sha256").update(normText, "utf8").digest("hex").slice(0, 32);
}

/**
 * A claim id from the document id, the kind and the claim's identifying fields (canonical entity keys, sorted
 * item categories, mode or type, the evidence span). `parts` must not depend on the order of the extraction.
 */
export function claimId(docId: string, kind: "flow" | "event" | "fact", parts: unknown[]): string {
  const h = createHash("sha256").update(JSON.stringify([docId, kind, ...parts]), "utf8").digest("hex").slice(0, 20);
  return `${kind}-${h}`;
}
