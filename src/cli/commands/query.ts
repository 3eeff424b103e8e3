// `rasad query`: flows, events, edges, an entity's profile, full-text search, stats and failures, for people and
// scripts (--json). Entity filters take names as written («داعش»), English names, aliases or keys.
import { Option, InvalidArgumentError, type Command } from "commander";
import {
  RasadError, ITEM_CATEGORIES, FLOW_MODES, EVENT_TYPES, FACT_TYPES, SOURCE_KINDS, MODALITIES,
} from "../../contract/index.js";
import {
  openStore, defaultDbLocation, resolveEntities, CLAIM_STATUSES,
  type Store, type ClaimFilter, type EdgeFilter, type FlowClaim, type EventClaim, type FactClaim, type Edge, type EntityProfile,
  type SearchHit, type Page, type EntityRef, type Stats, type Failure, type DocumentFull,
} from "../../store/index.js";
import { entityLabel } from "../../export/index.js";
import { parseCount } from "./ingest.js";

// ---------- filters shared with `export` ----------

export interface FilterOpts {
  db?: string;
  giver?: string[]; receiver?: string[]; actor?: string[]; entity?: string[]; place?: string[];
  item?: string[]; mode?: string[]; type?: string[]; source?: string[]; modality?: string[]; status?: string[];
  outlet?: string[]; from?: string; to?: string; doc?: string; includeRejected?: boolean; originalsOnly?: boolean; minOutlets?: number;
}

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(",").map((s) => s.trim()).filter(Boolean)];
function oneOf(name: string, values: readonly string[]) {
  return (v: string, prev: string[] = []) => {
    const list = collect(v, []);
    for (const x of list) if (!values.includes(x)) throw new InvalidArgumentError(`${name} ${x} is not one of ${values.join(", ")}`);
    return [...prev, ...list];
  };
}
function date(v: string): string {
  if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(v)) throw new InvalidArgumentError(`expected a date YYYY, YYYY-MM or YYYY-MM-DD, got ${v}`);
  return v;
}

/** Adds the filter options of query and export to a command. */
export function addFilterOptions(cmd: Command): Command {
  return cmd
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--giver <name>", "who gives (a name as written, an English name, an alias or a key; repeat or comma-separate)", collect)
    .option("--receiver <name>", "who receives", collect)
    .option("--actor <name>", "either party, agent or target", collect)
    .option("--entity <name>", "any role at all, places included", collect)
    .option("--place <name>", "where (a flow's place or via, an event's places)", collect)
    .option("--item <category>", `item category: ${ITEM_CATEGORIES.values.join(", ")}`, oneOf("item", ITEM_CATEGORIES.values))
    .option("--mode <mode>", `flow mode: ${FLOW_MODES.values.join(", ")}`, oneOf("mode", FLOW_MODES.values))
    .option("--type <type>", `event type (${EVENT_TYPES.values.join(", ")}) or fact type (${FACT_TYPES.values.join(", ")})`, oneOf("type", [...EVENT_TYPES.values, ...FACT_TYPES.values]))
    .option("--source <kind>", `source kind: ${SOURCE_KINDS.values.join(", ")}`, oneOf("source", SOURCE_KINDS.values))
    .option("--modality <m>", `modality: ${MODALITIES.values.join(", ")}`, oneOf("modality", MODALITIES.values))
    .option("--status <s>", `review status: ${CLAIM_STATUSES.join(", ")}`, oneOf("status", CLAIM_STATUSES))
    .option("--outlet <name>", "the outlet that published the report", collect)
    .option("--from <date>", "from this date (YYYY, YYYY-MM or YYYY-MM-DD)", date)
    .option("--to <date>", "up to this date, inclusive", date)
    .option("--doc <id>", "claims of one document")
    .option("--include-rejected", "keep claims an analyst rejected")
    .option("--originals-only", "leave out near-duplicate documents");
}

/** The store filter for parsed options; names are resolved to entity keys. */
export async function filterFromOptions(store: Store, o: FilterOpts): Promise<ClaimFilter & EdgeFilter> {
  const f: ClaimFilter & EdgeFilter = {};
  const keys = async (refs: string[] | undefined, param: string) => {
    if (!refs || refs.length === 0) return undefined;
    const out: string[] = [];
    for (const r of refs) out.push(...(await resolveEntities(store, r, param)));
    return [...new Set(out)];
  };
  const set = <K extends keyof ClaimFilter>(k: K, v: ClaimFilter[K] | undefined) => { if (v !== undefined) f[k] = v; };
  set("giver", await keys(o.giver, "giver"));
  set("receiver", await keys(o.receiver, "receiver"));
  set("actor", await keys(o.actor, "actor"));
  set("entity", await keys(o.entity, "entity"));
  set("place", await keys(o.place, "place"));
  set("item", o.item as ClaimFilter["item"]);
  set("mode", o.mode as ClaimFilter["mode"]);
  set("type", o.type as ClaimFilter["type"]);
  set("source", o.source as ClaimFilter["source"]);
  set("modality", o.modality as ClaimFilter["modality"]);
  set("status", o.status as ClaimFilter["status"]);
  set("outlet", o.outlet);
  set("from", o.from);
  set("to", o.to);
  set("doc", o.doc);
  if (o.includeRejected) f.includeRejected = true;
  if (o.originalsOnly) f.originalsOnly = true;
  if (o.minOutlets !== undefined) f.minOutlets = o.minOutlets;
  return f;
}

// ---------- human output ----------

const NONE = "— (unnamed)";
const who = (e: EntityRef | null | undefined) => (e ? entityLabel(e) : NONE);
const vocab = (v: { labels: Record<string, { en: string; ar: string }> }, x: string | undefined) =>
  x ? `${v.labels[x]?.en ?? x} (${v.labels[x]?.ar ?? x})` : "";
const count = (n: number, one: string) => `${n} ${one}${n === 1 ? "" : "s"}`;
const clip = (s: string, n = 220) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
const oneLine = (s: string) => s.replace(/\s+/g, " ").trim();

function sourceLine(c: FlowClaim | EventClaim | FactClaim): string {
  const src = vocab(SOURCE_KINDS, c.source.kind) + (c.source.text ? ` «${oneLine(c.source.text)}»` : "");
  const mod = c.modality ? ` · ${vocab(MODALITIES, c.modality)}` : "";
  const rev = c.status !== "machine" ? ` · ${c.status}${c.review ? ` by ${c.review.reviewer}` : ""}` : "";
  return `source: ${src}${mod}${rev}`;
}
function docLine(c: FlowClaim | EventClaim | FactClaim): string {
  return `${c.doc.outlet ?? "?"}${c.doc.published ? `, ${c.doc.published.slice(0, 10)}` : ""} · doc ${c.doc.id.slice(0, 12)} · ${c.id}${c.doc.duplicateOf ? " · near-duplicate" : ""}`;
}

export function formatFlow(f: FlowClaim): string {
  const items = f.items.map((i) => vocab(ITEM_CATEGORIES, i.category)).join(", ");
  const where = [f.via && `via ${who(f.via)}`, f.place && `in ${who(f.place)}`].filter(Boolean).join(" ");
  return [
    `${(f.date ?? "????-??-??").padEnd(10)}  ${who(f.giver)} → ${who(f.receiver)}`,
    `            ${items}${f.mode ? ` · ${vocab(FLOW_MODES, f.mode)}` : ""}${where ? ` · ${where}` : ""}`,
    `            ${sourceLine(f)}`,
    `            «${clip(oneLine(f.evidence.text))}»`,
    `            ${docLine(f)}`,
  ].join("\n");
}

export function formatEvent(e: EventClaim): string {
  const cas = [e.killed !== undefined && `${e.killed} killed`, e.injured !== undefined && `${e.injured} injured`].filter(Boolean).join(", ");
  return [
    `${(e.date ?? "????-??-??").padEnd(10)}  ${vocab(EVENT_TYPES, e.type)}${e.places.length ? ` in ${e.places.map(who).join(", ")}` : ""}${cas ? ` · ${cas}` : ""}`,
    `            by ${e.agents.length ? e.agents.map(who).join(", ") : NONE}${e.targets.length ? ` against ${e.targets.map(who).join(", ")}` : ""}`,
    `            ${sourceLine(e)}`,
    `            «${clip(oneLine(e.evidence.text))}»`,
    `            ${docLine(e)}`,
  ].join("\n");
}

export function formatEdge(e: Edge): string {
  const seen = e.firstSeen ? `${e.firstSeen}${e.lastSeen && e.lastSeen !== e.firstSeen ? ` … ${e.lastSeen}` : ""}` : "";
  return `${String(e.outlets).padStart(3)} outlet${e.outlets === 1 ? " " : "s"} ${String(e.documents).padStart(4)} doc${e.documents === 1 ? " " : "s"}  ${who(e.giver)} → ${who(e.receiver)}  ` +
    `${vocab(ITEM_CATEGORIES, e.category)}${e.modes.length ? ` [${e.modes.join(", ")}]` : ""}  ${seen}  sources: ${e.sourceKinds.join(", ")}` +
    `${e.denied ? `  (${e.denied} denied)` : ""}`;
}

export function formatProfile(p: EntityProfile): string {
  const e = p.entity;
  const type = e.type ? ` · ${e.type}` : "";
  const lines = [
    `${entityLabel(e)}  [${e.key}]${type}${e.geo ? ` · ${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}${e.geo.precision ? ` (${e.geo.precision})` : ""}` : ""}`,
    `documents ${p.counts.documents} · mentions ${e.mentions}${e.firstSeen ? ` · seen ${e.firstSeen} … ${e.lastSeen}` : ""}`,
  ];
  if (p.aliases.length) lines.push(`written as: ${p.aliases.map((a) => `${a.text} ×${a.count}`).join(" · ")}`);
  const edgeList = (title: string, edges: Edge[], other: (x: Edge) => EntityRef | null) => {
    if (!edges.length) return;
    lines.push(`${title}:`);
    for (const x of edges.slice(0, 15)) {
      lines.push(`  ${vocab(ITEM_CATEGORIES, x.category)} ${title === "gives" ? "→" : "←"} ${who(other(x))}  (${count(x.outlets, "outlet")}, ${count(x.documents, "doc")}${x.modes.length ? `; ${x.modes.join(", ")}` : ""})`);
    }
  };
  edgeList("gives", p.out, (x) => x.receiver);
  edgeList("receives", p.in, (x) => x.giver);
  if (p.eventTypes.length) lines.push(`events: ${p.eventTypes.map((t) => `${vocab(EVENT_TYPES, t.type)} ×${t.count}`).join(" · ")}`);
  for (const ev of p.events.slice(0, 5)) lines.push(`  ${ev.date ?? "?"}  ${vocab(EVENT_TYPES, ev.type)}${ev.places.length ? ` in ${ev.places.map(who).join(", ")}` : ""}  «${clip(oneLine(ev.evidence.text), 120)}»`);
  if (p.places.length) lines.push(`places: ${p.places.slice(0, 10).map((x) => `${who(x.entity)} ×${x.count}`).join(" · ")}`);
  if (p.sources.length) lines.push(`sources: ${p.sources.slice(0, 8).map((s) => `${SOURCE_KINDS.labels[s.kind]?.en ?? s.kind}${s.text ? ` «${oneLine(s.text)}»` : ""} ×${s.count}`).join(" · ")}`);
  if (p.documents.length) {
    lines.push("latest documents:");
    for (const d of p.documents.slice(0, 5)) lines.push(`  ${d.published?.slice(0, 10) ?? "????-??-??"}  ${d.outlet ?? "?"}  ${d.title ?? ""}  [${d.id.slice(0, 12)}]`);
  }
  return lines.join("\n");
}

export function formatHit(h: SearchHit, i: number, tty: boolean): string {
  const { text, highlights } = h.snippet;
  let out = "";
  let at = 0;
  // highlights as ANSI reverse video on a terminal, **…** when piped
  const [open, close] = tty ? ["\x1b[7m", "\x1b[27m"] : ["**", "**"];
  for (const [s, e] of highlights) { out += text.slice(at, s) + open + text.slice(s, e) + close; at = e; }
  out += text.slice(at);
  const d = h.doc;
  return `${String(i).padStart(3)}. ${d.title ?? "(untitled)"} — ${d.outlet ?? "?"}${d.published ? `, ${d.published.slice(0, 10)}` : ""}  [${d.id.slice(0, 12)}]\n` +
    `     ${h.snippet.start > 0 ? "…" : ""}${oneLine(out)}…`;
}

export function formatDocument(d: DocumentFull, withText = true): string {
  const lines = [
    `${d.title ?? "(untitled)"}`,
    `${d.outlet ?? "?"}${d.published ? `, ${d.published}` : ""}${d.url ? ` · ${d.url}` : ""}`,
    `id ${d.id} · ${d.path ?? ""} · pipeline ${d.pipeline}${d.duplicateOf ? ` · near-duplicate of ${d.duplicateOf}` : ""}`,
  ];
  if (d.copies.length > 1) lines.push(`also seen at: ${d.copies.slice(1).map((c) => c.outlet || c.url || c.path).join(" · ")}`);
  if (d.nearDuplicates.length) lines.push(`near-duplicates: ${d.nearDuplicates.map((x) => `${x.outlet ?? "?"} [${x.id.slice(0, 12)}]`).join(" · ")}`);
  if (withText) lines.push("", d.text);
  lines.push("", `entities: ${d.entities.map(entityLabel).join(" · ") || "none"}`);
  for (const f of d.flows) lines.push("", formatFlow(f));
  for (const e of d.events) lines.push("", formatEvent(e));
  for (const f of d.facts) {
    lines.push("", `fact: ${who(f.subject)} ${FACT_TYPES.labels[f.type]?.en ?? f.type} ${f.object ? who(f.object) : ""}${f.value !== undefined ? ` ${f.value}` : ""}`, `            «${clip(oneLine(f.evidence.text))}»`);
  }
  if (!d.flows.length && !d.events.length && !d.facts.length) lines.push("", "no flows, events or facts were read from it");
  return lines.join("\n");
}

export function formatStats(s: Stats): string {
  return [
    `documents ${s.documents} (${s.nearDuplicates} near-duplicate${s.nearDuplicates === 1 ? "" : "s"}) · exact copies ${s.copies} · failures ${s.failures} · outlets ${s.outlets}`,
    `entities: ${s.entities.actor} actors, ${s.entities.place} places · claims: ${s.claims.flow} flows, ${s.claims.event} events, ${s.claims.fact} facts · edges ${s.edges} · reviews ${s.reviews}`,
    `published ${s.published.first ?? "?"} … ${s.published.last ?? "?"} · last ingest ${s.lastIngest ?? "never"} · schema ${s.schemaVersion}`,
    ...s.pipelines.map((p) => `pipeline ${p.pipeline}: ${p.documents} documents`),
    ...(s.since ? [`since ${s.since.at}: ${s.since.documents} documents, ${s.since.flows} flows, ${s.since.events} events, new entities: ${s.since.entities.slice(0, 15).map(entityLabel).join(" · ") || "none"}`] : []),
  ].join("\n");
}

function pageFooter(p: Page<unknown>, what: string): string {
  if (p.total === 0) return `no ${what} match`;
  return `${p.offset + 1}–${p.offset + p.items.length} of ${p.total} ${what}${p.offset + p.items.length < p.total ? ` (--offset ${p.offset + p.items.length} for more)` : ""}`;
}

// ---------- the command ----------

async function withStore<T>(o: { db?: string }, fn: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(o.db ?? defaultDbLocation(), { readonly: true }).catch((err) => {
    if (err instanceof RasadError && /unable to open|does not exist|SQLITE_CANTOPEN|cannot open/i.test(err.message)) {
      throw new RasadError("NOT_FOUND", `no store at ${o.db ?? defaultDbLocation()}; ingest something first (rasad ingest PATH)`, { param: "db" });
    }
    throw err;
  });
  try { return await fn(store); } finally { await store.close(); }
}
const print = (s: string): void => { process.stdout.write(s + "\n"); };
const json = (x: unknown): void => print(JSON.stringify(x, null, 2));

interface PageOpts extends FilterOpts { limit: number; offset: number; json?: boolean }

function pageOptions(cmd: Command): Command {
  return cmd
    .option("--limit <n>", "how many", parseCount(1), 20)
    .option("--offset <n>", "skip this many", parseCount(0), 0)
    .option("--json", "JSON for scripts");
}

export function registerQuery(program: Command): void {
  const q = program.command("query").description("ask the store: flows, events, edges, an entity, full-text search, stats");

  pageOptions(addFilterOptions(q.command("flows").description("flows (giver → receiver, items) with their evidence and source")))
    .action(async (o: PageOpts) => withStore(o, async (store) => {
      const page = await store.listFlows(await filterFromOptions(store, o), { limit: o.limit, offset: o.offset });
      if (o.json) return json(page);
      print([...page.items.map(formatFlow), pageFooter(page, "flows")].join("\n\n"));
    }));

  pageOptions(addFilterOptions(q.command("events").description("events (type, agents, targets, places) with their evidence and source")))
    .action(async (o: PageOpts) => withStore(o, async (store) => {
      const page = await store.listEvents(await filterFromOptions(store, o), { limit: o.limit, offset: o.offset });
      if (o.json) return json(page);
      print([...page.items.map(formatEvent), pageFooter(page, "events")].join("\n\n"));
    }));

  pageOptions(addFilterOptions(q.command("edges").description("the aggregated graph: giver → receiver per item, with independent outlets")))
    .addOption(new Option("--min-outlets <n>", "only edges carried by at least this many independent outlets").argParser(parseCount(1)))
    .action(async (o: PageOpts) => withStore(o, async (store) => {
      const page = await store.listEdges(await filterFromOptions(store, o), { limit: o.limit, offset: o.offset });
      if (o.json) return json(page);
      print([...page.items.map(formatEdge), pageFooter(page, "edges")].join("\n"));
    }));

  q.command("entity").description("an entity's profile: names and aliases, flows in and out, events, places, sources")
    .argument("<name>", "a name as written, an English name, an alias or a key")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--json", "JSON for scripts")
    .action(async (name: string, o: { db?: string; json?: boolean }) => withStore(o, async (store) => {
      const keys = await resolveEntities(store, name, "name");
      const profiles = (await Promise.all(keys.slice(0, 5).map((k) => store.entityProfile(k)))).filter((p): p is EntityProfile => p !== null);
      if (o.json) return json(keys.length === 1 ? profiles[0] : profiles);
      const more = keys.length > 5 ? `\n\n… and ${keys.length - 5} more entities match «${name}»; give a key to pick one` : "";
      print(profiles.map(formatProfile).join("\n\n" + "─".repeat(40) + "\n\n") + more);
    }));

  q.command("doc").description("one report: its metadata, its text, and the flows, events and facts read from it")
    .argument("<id>", "a document id, or the first digits of one (as listings show them)")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--no-text", "leave the text out")
    .option("--json", "JSON for scripts")
    .action(async (id: string, o: { db?: string; text: boolean; json?: boolean }) => withStore(o, async (store) => {
      const found = /^[0-9a-f]{32}$/.test(id) ? [id] : (await store.listDocuments({ idPrefix: id }, { limit: 2 })).items.map((d) => d.id);
      if (found.length === 0) throw new RasadError("NOT_FOUND", `no document ${id}`, { param: "id" });
      if (found.length > 1) throw new RasadError("BAD_PARAM", `${id} starts more than one document id; give more digits`, { param: "id" });
      const d = await store.getDocument(found[0]);
      if (!d) throw new RasadError("NOT_FOUND", `no document ${id}`, { param: "id" });
      if (o.json) return json(d);
      print(formatDocument(d, o.text));
    }));

  q.command("search").description("full-text search (normalized Arabic: harakat, hamza forms and clitics do not matter); \"quotes\" for a phrase")
    .argument("<words...>", "words to find")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--limit <n>", "how many", parseCount(1), 10)
    .option("--offset <n>", "skip this many", parseCount(0), 0)
    .option("--json", "JSON for scripts")
    .action(async (words: string[], o: { db?: string; limit: number; offset: number; json?: boolean }) => withStore(o, async (store) => {
      const page = await store.search(words.join(" "), { limit: o.limit, offset: o.offset });
      if (o.json) return json(page);
      const tty = Boolean(process.stdout.isTTY);
      print([...page.items.map((h, i) => formatHit(h, o.offset + i + 1, tty)), pageFooter(page, "documents")].join("\n"));
    }));

  q.command("stats").description("what the store holds")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--since <time>", "also what came in since this ISO time or date")
    .option("--json", "JSON for scripts")
    .action(async (o: { db?: string; since?: string; json?: boolean }) => withStore(o, async (store) => {
      if (o.since && Number.isNaN(Date.parse(o.since))) throw new RasadError("BAD_PARAM", `not a time: ${o.since}`, { param: "since" });
      const s = await store.stats(o.since ? { since: new Date(o.since).toISOString() } : {});
      if (o.json) return json(s);
      print(formatStats(s));
    }));

  q.command("failures").description("documents that could not be read or stored, with the reason")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--limit <n>", "how many", parseCount(1), 100)
    .option("--offset <n>", "skip this many", parseCount(0), 0)
    .option("--json", "JSON for scripts")
    .action(async (o: { db?: string; limit: number; offset: number; json?: boolean }) => withStore(o, async (store) => {
      const page = await store.listFailures({ limit: o.limit, offset: o.offset });
      if (o.json) return json(page);
      print([...page.items.map((f: Failure) => `${f.code.padEnd(13)} ${f.message}${f.item && !f.item.startsWith("L") ? ` (item ${f.item})` : ""}`), pageFooter(page, "failures")].join("\n"));
    }));
}
