// The extraction pipeline (stub until the stages land).
import type { Extraction, InputDoc } from "../contract/index.js";
export const PIPELINE_VERSION = "0.0.0";
export interface ExtractOptions {
  /** An extra gazetteer (from the store) consulted after the core one. */
  gazetteer?: unknown;
}
export function extract(doc: InputDoc, _opts: ExtractOptions = {}): Extraction {
  return { doc: { id: doc.id, url: doc.url, published: doc.published }, entities: [], flows: [], events: [], facts: [] };
}
