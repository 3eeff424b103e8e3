// GEXF (Gephi) and GraphML: actors and places as nodes, aggregated flows (giver → receiver, item) as edges.
//
// Edges with an unknown giver or receiver (null in the text) have no node to attach to and are left out of
// these two formats (they are in JSONL, GeoJSON and ACLED). Parallel edges (one per item category) are kept.
import type { Store, EdgeFilter, Graph, Edge, EntityRecord } from "../store/index.js";
import { entityLabel, en, xml } from "./common.js";

interface Attr { id: string; title: string; type: "string" | "integer" | "double"; gexf?: string }

const NODE_ATTRS: Attr[] = [
  { id: "kind", title: "kind", type: "string" },
  { id: "type", title: "type", type: "string" },
  { id: "name_ar", title: "name (Arabic)", type: "string" },
  { id: "name_en", title: "name (English)", type: "string" },
  { id: "documents", title: "documents", type: "integer" },
  { id: "first_seen", title: "first seen", type: "string" },
  { id: "last_seen", title: "last seen", type: "string" },
  { id: "lat", title: "latitude", type: "double" },
  { id: "lon", title: "longitude", type: "double" },
];
const EDGE_ATTRS: Attr[] = [
  { id: "category", title: "item category", type: "string" },
  { id: "category_label", title: "item", type: "string" },
  { id: "claims", title: "claims", type: "integer" },
  { id: "documents", title: "documents", type: "integer" },
  { id: "outlets", title: "independent outlets", type: "integer" },
  { id: "denied", title: "denied", type: "integer" },
  { id: "hedged", title: "hedged", type: "integer" },
  { id: "first_seen", title: "first seen", type: "string" },
  { id: "last_seen", title: "last seen", type: "string" },
  { id: "source_kinds", title: "source kinds", type: "string" },
  { id: "modes", title: "modes", type: "string" },
];

function nodeValues(n: EntityRecord): Record<string, string | number | undefined> {
  return {
    kind: n.kind, type: n.type, name_ar: n.name.ar, name_en: n.name.en, documents: n.documents, first_seen: n.firstSeen,
    last_seen: n.lastSeen, lat: n.geo?.lat, lon: n.geo?.lon,
  };
}
function edgeValues(e: Edge): Record<string, string | number | undefined> {
  return {
    category: e.category, category_label: en("item", e.category), claims: e.claims, documents: e.documents, outlets: e.outlets,
    denied: e.denied, hedged: e.hedged, first_seen: e.firstSeen, last_seen: e.lastSeen, source_kinds: e.sourceKinds.join(","),
    modes: e.modes.join(","),
  };
}
function drawable(g: Graph): Edge[] {
  const nodes = new Set(g.nodes.map((n) => n.key));
  return g.edges.filter((e) => e.giver && e.receiver && nodes.has(e.giver.key) && nodes.has(e.receiver.key));
}

export async function* exportGexf(store: Store, filter: EdgeFilter = {}): AsyncGenerator<string> {
  const g = await store.graph(filter);
  yield `<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">
  <meta lastmodifieddate="${new Date().toISOString().slice(0, 10)}"><creator>rasad</creator><description>flows between actors: giver → receiver per item category, weighted by independent outlets</description></meta>
  <graph defaultedgetype="directed" mode="static">
    <attributes class="node">
${NODE_ATTRS.map((a) => `      <attribute id="${a.id}" title="${xml(a.title)}" type="${a.type}"/>`).join("\n")}
    </attributes>
    <attributes class="edge">
${EDGE_ATTRS.map((a) => `      <attribute id="${a.id}" title="${xml(a.title)}" type="${a.type}"/>`).join("\n")}
    </attributes>
    <nodes>
`;
  const vals = (v: Record<string, string | number | undefined>) => Object.entries(v)
    .filter(([, x]) => x !== undefined && x !== "").map(([k, x]) => `<attvalue for="${k}" value="${xml(x)}"/>`).join("");
  for (const n of g.nodes) yield `      <node id="${xml(n.key)}" label="${xml(entityLabel(n))}"><attvalues>${vals(nodeValues(n))}</attvalues></node>\n`;
  yield "    </nodes>\n    <edges>\n";
  let i = 0;
  for (const e of drawable(g)) {
    yield `      <edge id="e${i++}" source="${xml(e.giver!.key)}" target="${xml(e.receiver!.key)}" weight="${Math.max(1, e.outlets)}" label="${xml(en("item", e.category))}"><attvalues>${vals(edgeValues(e))}</attvalues></edge>\n`;
  }
  yield "    </edges>\n  </graph>\n</gexf>\n";
}

export async function* exportGraphml(store: Store, filter: EdgeFilter = {}): AsyncGenerator<string> {
  const g = await store.graph(filter);
  const type = (a: Attr) => (a.type === "integer" ? "int" : a.type);
  yield `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="label" for="node" attr.name="label" attr.type="string"/>
${NODE_ATTRS.map((a) => `  <key id="n_${a.id}" for="node" attr.name="${a.id}" attr.type="${type(a)}"/>`).join("\n")}
  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>
${EDGE_ATTRS.map((a) => `  <key id="e_${a.id}" for="edge" attr.name="${a.id}" attr.type="${type(a)}"/>`).join("\n")}
  <graph id="rasad" edgedefault="directed">
`;
  const data = (prefix: string, v: Record<string, string | number | undefined>) => Object.entries(v)
    .filter(([, x]) => x !== undefined && x !== "").map(([k, x]) => `<data key="${prefix}${k}">${xml(x)}</data>`).join("");
  for (const n of g.nodes) yield `    <node id="${xml(n.key)}"><data key="label">${xml(entityLabel(n))}</data>${data("n_", nodeValues(n))}</node>\n`;
  let i = 0;
  for (const e of drawable(g)) {
    yield `    <edge id="e${i++}" source="${xml(e.giver!.key)}" target="${xml(e.receiver!.key)}"><data key="weight">${Math.max(1, e.outlets)}</data>${data("e_", edgeValues(e))}</edge>\n`;
  }
  yield "  </graph>\n</graphml>\n";
}
