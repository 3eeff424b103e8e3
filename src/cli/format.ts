// Human-readable summary of an extraction for a terminal: Arabic names with English glosses, flows as
// «ISIS → civilians: access (permit) ⇄ …», events, facts, and the source of every claim.
import type { Extraction, Source } from "../contract/index.js";
import { ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, SOURCE_KINDS, ACTOR_TYPES, PLACE_TYPES } from "../contract/index.js";

interface Style { color: boolean }
const paint = (on: boolean, code: string, s: string) => (on ? `\x1b[${code}m${s}\x1b[0m` : s);

export function formatExtraction(x: Extraction, text: string, style: Style = { color: false }): string {
  const c = style.color;
  const byId = new Map(x.entities.map((e) => [e.id, e]));
  const name = (id: string | null | undefined): string => {
    if (!id) return "(unstated)";
    const e = byId.get(id);
    if (!e) return id;
    const en = e.name?.en;
    const ar = e.name?.ar ?? (e.mentions[0] ? text.slice(e.mentions[0][0], e.mentions[0][1]) : id);
    return en ? `${en} «${ar}»` : `«${ar}»`;
  };
  const src = (s: Source): string => s.kind === "outlet" ? "the outlet" :
    `${SOURCE_KINDS.labels[s.kind].en}${s.span ? ` «${text.slice(s.span[0], s.span[1])}»` : ""}`;
  const quote = (sp: [number, number]) => {
    const q = text.slice(sp[0], sp[1]).replace(/\s+/g, " ").trim();
    return q.length > 140 ? q.slice(0, 137) + "…" : q;
  };
  const lines: string[] = [];
  lines.push(paint(c, "1", `Report ${x.doc.id}`) + (x.doc.published ? ` (${x.doc.published})` : ""));
  const actors = x.entities.filter((e) => e.kind === "actor");
  const places = x.entities.filter((e) => e.kind === "place");
  lines.push("", paint(c, "1", `Actors (${actors.length})`));
  for (const e of actors) lines.push(`  ${name(e.id)} — ${e.type ? ACTOR_TYPES.labels[e.type as keyof typeof ACTOR_TYPES.labels]?.en ?? e.type : "actor"}, ${e.mentions.length} mention(s)`);
  lines.push("", paint(c, "1", `Places (${places.length})`));
  for (const e of places) {
    const ty = e.type ? PLACE_TYPES.labels[e.type as keyof typeof PLACE_TYPES.labels]?.en ?? e.type : "place";
    lines.push(`  ${name(e.id)} — ${ty}${e.geo ? ` @ ${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}` : ", not geocoded"}`);
  }
  lines.push("", paint(c, "1", `Flows (${x.flows.length})`));
  x.flows.forEach((f, i) => {
    const items = f.items.map((it) => ITEM_CATEGORIES.labels[it.category].en).join(", ");
    const mode = f.mode ? ` (${FLOW_MODES.labels[f.mode].en})` : "";
    const ex = f.exchange_for?.length ? ` ⇄ #${f.exchange_for.join(", #")}` : "";
    const via = f.via ? ` via ${name(f.via)}` : "";
    lines.push(`  #${i} ${name(f.giver)} → ${name(f.receiver)}: ${paint(c, "33", items)}${mode}${via}${ex}`);
    lines.push(`      ${paint(c, "2", `source: ${src(f.source)}${f.modality && f.modality !== "asserted" ? `, ${f.modality}` : ""}`)}`);
    lines.push(`      ${paint(c, "2", `«${quote(f.evidence)}»`)}`);
  });
  lines.push("", paint(c, "1", `Events (${x.events.length})`));
  for (const e of x.events) {
    const cas = [e.killed !== undefined ? `${e.killed} killed` : "", e.injured !== undefined ? `${e.injured} injured` : ""].filter(Boolean).join(", ");
    lines.push(`  ${paint(c, "31", EVENT_TYPES.labels[e.type].en)}: ${e.agents.map(name).join(" & ") || "(unstated)"} → ${e.targets.map(name).join(" & ") || "(unstated)"}` +
      `${e.places.length ? ` in ${e.places.map(name).join(", ")}` : ""}${cas ? ` — ${cas}` : ""}`);
    lines.push(`      ${paint(c, "2", `source: ${src(e.source)}`)}`);
    lines.push(`      ${paint(c, "2", `«${quote(e.evidence)}»`)}`);
  }
  if (x.facts?.length) {
    lines.push("", paint(c, "1", `Facts (${x.facts.length})`));
    for (const f of x.facts) lines.push(`  ${f.type}: ${name(f.subject)}${f.object ? ` → ${name(f.object)}` : ""}${f.value !== undefined ? ` = ${f.value}` : ""}`);
  }
  return lines.join("\n");
}
