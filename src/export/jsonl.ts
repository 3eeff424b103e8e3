// JSONL: one claim per line (flows, then events, then facts), with its evidence, source, document and review.
import type { Store, ClaimFilter } from "../store/index.js";

export async function* exportJsonl(store: Store, filter: ClaimFilter = {}): AsyncGenerator<string> {
  for await (const c of store.iterateClaims("flow", filter)) yield JSON.stringify(c) + "\n";
  for await (const c of store.iterateClaims("event", filter)) yield JSON.stringify(c) + "\n";
  for await (const c of store.iterateClaims("fact", filter)) yield JSON.stringify(c) + "\n";
}
