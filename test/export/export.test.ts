// Every export parses with its ecosystem's own parser: FollowTheMoney, a CSV reader, graphology (GEXF, GraphML),
// check-geojson; and carries the evidence, the source and the reviews.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Model, defaultModel } from "@alephdata/followthemoney";
import { MultiDirectedGraph } from "graphology";
import { parse as parseGexf } from "graphology-gexf";
import { parse as parseGraphml } from "graphology-graphml";
import { check as checkGeojson } from "@placemarkio/check-geojson";
import { openStore, type Store, type FlowClaim, type ClaimFilter } from "../../src/store/index.js";
import { exportStream, EXPORT_FORMATS, ACLED_COLUMNS, RASAD_COLUMNS, csv, xml, type FtmEntity } from "../../src/export/index.js";
import { inputA, inputB, inputC, inputD, docIdOf, at, PIPELINE, TEXT_A, TEXT_B } from "../store/fixtures.js";

let dir: string;
let store: Store;
let rejected: string;
let corrected: string;

// a report whose first words would run as a spreadsheet formula
const TEXT_E = "=HYPERLINK(\"http://x\") قالت مصادر إن مهربين نقلوا وقوداً إلى دير الزور.";

async function text(format: string, filter: ClaimFilter = {}): Promise<string> {
  let s = "";
  for await (const chunk of exportStream(store, format, filter)) s += chunk;
  return s;
}

/** RFC 4180, enough to read back what we write. */
function parseCsv(s: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = "", i = 0, quoted = false;
  while (i < s.length) {
    const c = s[i];
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ",") { row.push(field); field = ""; i++; continue; }
    if (c === "\r" && s[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i += 2; continue; }
    field += c; i++;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rasad-export-"));
  store = await openStore(join(dir, "x.db"));
  const idE = docIdOf(TEXT_E);
  await store.putDocuments([inputA(), inputB(), inputC(), inputD(), {
    id: idE, text: TEXT_E, pipeline: PIPELINE, outlet: "+outlet", published: "2024-03-15",
    extraction: {
      doc: { id: idE }, events: [], facts: [],
      entities: [
        { id: "actor/smugglers", kind: "actor", type: "civilians", name: { ar: "مهربين", en: "smugglers" }, mentions: [at(TEXT_E, "مهربين")] },
        { id: "place/sy-deir-ez-zor", kind: "place", type: "governorate", name: { ar: "دير الزور", en: "Deir ez-Zor" }, mentions: [at(TEXT_E, "دير الزور")], geo: { lat: 35.336, lon: 40.14, precision: "governorate" } },
      ],
      flows: [{ giver: "actor/smugglers", receiver: null, items: [{ category: "fuel" }], mode: "smuggle", place: "place/sy-deir-ez-zor", source: { kind: "anonymous", span: at(TEXT_E, "مصادر") }, evidence: [0, TEXT_E.length] }],
    },
  }]);
  const a = (await store.getDocument(docIdOf(TEXT_A)))!;
  rejected = a.flows.find((f) => f.mode === "levy")!.id;
  corrected = a.flows.find((f) => f.mode === "sell")!.id;
  await store.addReview({ claimId: rejected, verdict: "reject", reviewer: "lina" });
  await store.addReview({ claimId: corrected, verdict: "correct", corrected: { giver: "actor/4th-division" }, reviewer: "lina" });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("exports", () => {
  it("JSONL: one claim per line with evidence, source and review; rejected claims left out", async () => {
    const lines = (await text("jsonl")).trim().split("\n").map((l) => JSON.parse(l));
    const flows = (await store.listFlows({}, { limit: 100 })).total;
    expect(lines).toHaveLength(flows + 1 + 1); // + the event + the fact
    expect(lines.map((l) => l.id)).not.toContain(rejected);
    const c = lines.find((l) => l.id === corrected) as FlowClaim;
    expect(c).toMatchObject({ kind: "flow", status: "corrected", giver: { key: "actor/4th-division" }, machine: { giver: "actor/ndf" } });
    expect(c.evidence.text).toBe(TEXT_A.slice(...c.evidence.span));
    expect(c.source.text).toBe("المصادر");
    const onlyWeapons = (await text("jsonl", { item: ["weapons"] })).trim().split("\n").map((l) => JSON.parse(l));
    expect(onlyWeapons.map((l) => l.items[0].category)).toEqual(["weapons", "weapons", "weapons"]);
  });

  it("FollowTheMoney: every entity is valid for the model, every reference resolves to an entity of the right schema", async () => {
    const model = new Model(defaultModel);
    const raw = (await text("ftm")).trim().split("\n").map((l) => JSON.parse(l) as FtmEntity);
    const byId = new Map(raw.map((e) => [e.id, e]));
    expect(byId.size).toBe(raw.length);
    for (const r of raw) {
      const e = model.getEntity(r);
      expect(e.schema.abstract).toBe(false);
      for (const req of e.schema.required) expect(r.properties[req], `${r.schema} needs ${req}`).toBeDefined();
      for (const [name, values] of Object.entries(r.properties)) {
        expect(e.schema.hasProperty(name), `${r.schema}.${name}`).toBe(true);
        const prop = e.schema.getProperty(name);
        if (prop.type.name === "entity") {
          for (const v of values) {
            const target = byId.get(v);
            expect(target, `${r.schema}.${name} → ${v}`).toBeDefined();
            expect(model.getSchema(target!.schema).isA(prop.getRange()), `${target!.schema} is a ${prop.getRange().name}`).toBe(true);
          }
        }
      }
    }
    const schemas = raw.map((r) => r.schema);
    // money flows with both parties: B's sale is not money; A's and C's payments, C's levy (A's is rejected)
    expect(schemas.filter((s) => s === "Payment")).toHaveLength(3);
    expect(schemas.filter((s) => s === "Event")).toHaveLength(1);
    expect(schemas.filter((s) => s === "Article")).toHaveLength(3);
    const isis = raw.find((r) => r.properties.notes?.[0] === "rasad actor/isis")!;
    expect(isis).toMatchObject({ schema: "Organization", properties: { name: ["داعش", "ISIS"] } });
    expect(isis.properties.alias).toContain("التنظيم");
    const place = raw.find((r) => r.properties.notes?.[0] === "rasad place/sy-mayadin")!;
    expect(place).toMatchObject({ schema: "Address", properties: { latitude: ["35.02"], longitude: ["40.45"] } });
    const pay = raw.find((r) => r.schema === "Payment")!;
    expect(pay.properties.summary[0]).toContain("مقابل");
    expect(pay.properties.sourceUrl).toBeDefined();
  });

  it("ACLED CSV: ACLED's columns, events mapped onto ACLED's types, flows as rows of their own, formulas defused", async () => {
    const rows = parseCsv(await text("acled"));
    expect(rows[0]).toEqual([...ACLED_COLUMNS, ...RASAD_COLUMNS]);
    const recs = rows.slice(1).map((r) => Object.fromEntries(rows[0].map((h, i) => [h, r[i]])));
    for (const r of rows.slice(1)) expect(r).toHaveLength(rows[0].length);
    const ev = recs.find((r) => r.rasad_kind === "event")!;
    expect(ev).toMatchObject({
      event_date: "2024-03-11", year: "2024", time_precision: "1", disorder_type: "Political violence", event_type: "Battles",
      sub_event_type: "Armed clash", actor1: "داعش (ISIS)", inter1: "2", actor2: "قوات النظام (Syrian government forces)", inter2: "1",
      interaction: "12", location: "الميادين (al-Mayadin)", latitude: "35.02", longitude: "40.45", geo_precision: "1", fatalities: "3",
      source: "المرصد", source_kind: "outlet",
    });
    expect(ev.evidence).toBe(TEXT_B.slice(TEXT_B.indexOf("وقُتل")));
    const flows = recs.filter((r) => r.rasad_kind === "flow");
    expect(flows).toHaveLength((await store.listFlows({}, { limit: 100 })).total);
    const smuggle = flows.find((r) => r.flow_mode === "smuggle")!;
    expect(smuggle).toMatchObject({ flow_items: "fuel", flow_giver: "actor/smugglers", admin1: "Deir ez-Zor", source: "'+outlet" });
    expect(smuggle.evidence.startsWith("'=HYPERLINK")).toBe(true);
  });

  it("GEXF and GraphML: round-trip through graphology with every node, edge and attribute", async () => {
    const g = await store.graph();
    const drawn = g.edges.filter((e) => e.giver && e.receiver);
    for (const [format, parse] of [["gexf", parseGexf], ["graphml", parseGraphml]] as const) {
      const graph = parse(MultiDirectedGraph, await text(format));
      expect(graph.order, format).toBe(g.nodes.length);
      expect(graph.size, format).toBe(drawn.length);
      const isis = graph.getNodeAttributes("actor/isis");
      expect(isis.label).toBe("داعش (ISIS)");
      expect(isis.name_en).toBe("ISIS");
      expect(Number(isis.documents)).toBe(3);
      const arms = graph.filterEdges((_e, a, s, t) => s === "actor/ndf" && t === "actor/isis" && a.category === "weapons");
      expect(arms).toHaveLength(1);
      const attrs = graph.getEdgeAttributes(arms[0]);
      expect(Number(attrs.outlets)).toBe(1); // B only: A's sale was corrected to the Fourth Division, C is A's near-copy
      expect(Number(attrs.documents)).toBe(2);
      expect(Number(attrs.weight)).toBe(1);
    }
  });

  it("GeoJSON: valid for check-geojson; places, events and flows as points with their sources", async () => {
    const fc = checkGeojson(await text("geojson")) as { type: string; features: { id: string; geometry: { coordinates: number[] }; properties: Record<string, unknown> }[] };
    expect(fc.type).toBe("FeatureCollection");
    const kinds = fc.features.map((f) => f.properties.kind);
    expect(kinds.filter((k) => k === "place")).toHaveLength(2);
    expect(kinds.filter((k) => k === "event")).toHaveLength(1);
    const ev = fc.features.find((f) => f.properties.kind === "event")!;
    expect(ev.geometry.coordinates).toEqual([40.45, 35.02]);
    expect(ev.properties).toMatchObject({ type: "attack", killed: 3, source_kind: "outlet", outlet: "المرصد" });
    const flows = fc.features.filter((f) => f.properties.kind === "flow");
    expect(flows.map((f) => f.id)).not.toContain(rejected);
    expect(flows.every((f) => typeof f.properties.evidence === "string")).toBe(true);
    const empty = checkGeojson(await text("geojson", { from: "2099" })) as { features: unknown[] };
    expect(empty.features).toHaveLength(0);
  });

  it("every format streams for an empty selection, and an unknown format is refused", async () => {
    for (const f of EXPORT_FORMATS) expect(typeof (await text(f, { giver: ["actor/nobody"] }))).toBe("string");
    expect(() => exportStream(store, "pdf")).toThrow(/unknown format pdf/);
  });
});

describe("escaping", () => {
  it("CSV quotes what must be quoted and defuses formulas, but not negative numbers", () => {
    expect(csv('a,"b"\nc')).toBe('"a,""b""\nc"');
    expect(csv("=1+1")).toBe("'=1+1");
    expect(csv("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csv("-3")).toBe("-3");
    expect(csv(undefined)).toBe("");
  });
  it("XML escapes markup and drops characters XML cannot hold", () => {
    expect(xml(`<b a="1">&'`)).toBe("&lt;b a=&quot;1&quot;&gt;&amp;&apos;");
    expect(xml("a\u0000b\u0007c\ud800d")).toBe("abcd");
    expect(xml("😀")).toBe("😀");
  });
});
