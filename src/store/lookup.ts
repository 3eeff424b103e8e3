// Names to entity keys, for filters typed by people: «داعش», "ISIS", an alias as written, or a key itself.
import { RasadError } from "../contract/index.js";
import { normalizeForMatch } from "../text/index.js";
import type { Store, EntityRecord } from "./store.js";
import { ENTITY_KEY } from "./claims.js";

/**
 * The keys a reference names. Exact matches win (the key, the Arabic name normalized, the English name, an alias
 * as written); else every entity whose name contains it (at most 20). Throws NOT_FOUND when nothing matches.
 */
export async function resolveEntities(store: Store, ref: string, param = "entity"): Promise<string[]> {
  const q = ref.trim();
  if (q === "") throw new RasadError("BAD_PARAM", "an empty entity name", { param });
  if (ENTITY_KEY.test(q) && (await store.getEntity(q))) return [q];
  const found = (await store.findEntities({ q }, { limit: 50 })).items;
  const n = normalizeForMatch(q);
  const exact: EntityRecord[] = [];
  for (const e of found) {
    if (e.key === q || (e.name.ar && normalizeForMatch(e.name.ar) === n) || (e.name.en && e.name.en.toLowerCase() === q.toLowerCase())) exact.push(e);
    else if ((await store.aliases(e.key, 50)).some((a) => a.text === q || normalizeForMatch(a.text) === n)) exact.push(e);
  }
  const keys = (exact.length > 0 ? exact : found.slice(0, 20)).map((e) => e.key);
  if (keys.length === 0) throw new RasadError("NOT_FOUND", `no entity matches «${q}»`, { param });
  return keys;
}
