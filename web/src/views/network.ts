// The network: actors as nodes, flows as directed edges coloured by item and as wide as their corroboration
// (independent outlets); filters by item, time range and place; clicking an edge lists the claims behind it.
//
// sigma@3 draws Arabic labels joined and in order (sigma 4 does not); its container is dir="ltr" because sigma
// measures and places labels assuming a left-to-right canvas.
import Graph from "graphology";
import Sigma from "sigma";
import forceAtlas2 from "graphology-layout-forceatlas2";
import { api, enc, type Graph as GraphData, type Edge, type EntityRecord, type Page, type PlaceRecord } from "../api.js";
import { h, put, ar, clear, fmtDate } from "../dom.js";
import { chip, label, V, ITEM_COLORS, entityColor } from "../labels.js";
import { entityLink } from "../claims.js";
import { edgeClaims } from "./entity.js";
import type { View } from "../main.js";

/**
 * A party the text does not name («مجهولون», "unknown smugglers") is drawn as its own small grey node beside the
 * named one, never as one shared "unknown" hub that would join unrelated flows.
 */
const giverNode = (e: Edge) => e.giver?.key ?? `?giver>${e.receiver!.key}`;
const receiverNode = (e: Edge) => e.receiver?.key ?? `?receiver<${e.giver!.key}`;
const edgeKey = (e: Edge) => `${giverNode(e)}|${receiverNode(e)}|${e.category}`;
const UNNAMED_COLOR = "#9e9e9e";
/** Width by independent outlets: one outlet is a thin line, five or more the widest. */
export const edgeWidth = (e: Edge) => 1.5 + 2 * Math.min(5, Math.max(1, e.outlets)) + (e.claims > 1 ? 0.5 : 0);

/** A gloss short enough for a label: "Military Security (Military Intelligence…)" → "Military Security". */
function shortGloss(en: string): string {
  const head = en.split(/[(,;]/)[0].trim();
  return head.length > 26 ? `${head.slice(0, 25).trimEnd()}…` : head;
}

function nodeLabel(n: EntityRecord): string {
  // «الفرقة الرابعة · Fourth Division»: the Arabic as written, the English gloss after it.
  if (n.name.ar && n.name.en) return `${n.name.ar} · ${shortGloss(n.name.en)}`;
  return n.name.ar ?? (n.name.en ? shortGloss(n.name.en) : n.key);
}

export const network: View = async (root, { params }) => {
  const items = (params.get("item") ?? "").split(",").filter(Boolean);
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const place = params.get("place") ?? "";
  const focus = params.get("focus") ?? "";
  const minOutlets = params.get("minOutlets") ?? "";
  const filter = { item: items, from, to, place, minOutlets };
  const [data, places] = await Promise.all([
    focus
      ? api.get<GraphData>(`/api/entities/${enc(focus)}/graph`, { ...filter, depth: 2 })
      : api.get<GraphData>("/api/graph", filter),
    api.get<Page<PlaceRecord>>("/api/places", { limit: 1000 }),
  ]);

  // ---------- filters ----------
  const form = h("form", { class: "filters network-filters" });
  const itemBoxes = V().items.map((it) => {
    const cb = h("input", { type: "checkbox", name: "item", value: it.value });
    cb.checked = items.length === 0 || items.includes(it.value);
    const l = h("label", { class: "check item-check" }, cb, h("span", { class: "swatch" }), ` ${it.en} `, ar(it.ar, "gloss-ar"));
    l.style.setProperty("--item", ITEM_COLORS[it.value]);
    return l;
  });
  const placeSel = h("select", { name: "place", "aria-label": "Place" },
    h("option", { value: "" }, "any place"),
    places.items.map((p) => {
      const o = h("option", { value: p.key }, [p.name.ar, p.name.en].filter(Boolean).join(" · ") || p.key);
      if (p.key === place) o.selected = true;
      return o;
    }));
  form.append(
    h("fieldset", { class: "items" }, h("legend", null, "Items (edge colour)"), itemBoxes),
    h("div", { class: "filter-row" },
      h("label", null, "From ", h("input", { type: "date", name: "from", value: from })),
      h("label", null, "To ", h("input", { type: "date", name: "to", value: to })),
      h("label", null, "Place ", placeSel),
      h("label", null, "Min. outlets ", h("input", { type: "number", name: "minOutlets", min: 0, max: 99, value: minOutlets, size: 3 })),
      focus ? h("span", { class: "focus" }, "Around ", h("code", null, focus), " ", h("a", { href: "#/network" }, "(whole network)")) : null,
      h("button", { type: "submit" }, "Apply")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const chosen = fd.getAll("item").map(String);
    const q = new URLSearchParams();
    if (chosen.length && chosen.length < V().items.length) q.set("item", chosen.join(","));
    for (const k of ["from", "to", "place", "minOutlets"]) { const v = String(fd.get(k) ?? ""); if (v) q.set(k, v); }
    if (focus) q.set("focus", focus);
    location.hash = `#/network${q.toString() ? `?${q}` : ""}`;
  });

  // ---------- graph ----------
  const drawable = data.edges.filter((e) => e.giver || e.receiver);
  const unnamed = data.edges.length - drawable.length;
  const graph = new Graph({ multi: true, type: "directed" });
  const byKey = new Map(data.nodes.map((n) => [n.key, n]));
  const used = new Set(drawable.flatMap((e) => [giverNode(e), receiverNode(e)]));
  const nodes = data.nodes.filter((n) => used.has(n.key));
  const strangers = [...used].filter((k) => k.startsWith("?"));
  const total = nodes.length + strangers.length;
  const onCircle = (i: number) => ({ x: Math.cos((2 * Math.PI * i) / Math.max(1, total)) * 100, y: Math.sin((2 * Math.PI * i) / Math.max(1, total)) * 100 });
  // A circle to start from, so that the layout (and every screenshot) is the same on each run.
  nodes.forEach((n, i) => {
    graph.addNode(n.key, { ...onCircle(i), label: nodeLabel(n), size: 7 + 3 * Math.log2(1 + n.documents), color: entityColor(n.kind, n.type) });
  });
  strangers.forEach((k, i) => {
    graph.addNode(k, { ...onCircle(nodes.length + i), label: k.startsWith("?giver") ? "? unnamed giver" : "? unnamed receiver", size: 4, color: UNNAMED_COLOR, unnamed: true });
  });
  for (const e of drawable) {
    if (!graph.hasNode(giverNode(e)) || !graph.hasNode(receiverNode(e))) continue;
    graph.addDirectedEdgeWithKey(edgeKey(e), giverNode(e), receiverNode(e), {
      size: edgeWidth(e), color: ITEM_COLORS[e.category] ?? "#999", type: "arrow", edge: e,
    });
  }
  if (graph.order > 1) {
    forceAtlas2.assign(graph, { iterations: 300, settings: { ...forceAtlas2.inferSettings(graph), gravity: 1, scalingRatio: 12, barnesHutOptimize: false } });
  }

  const container = h("div", { class: "sigma-container", dir: "ltr", "aria-label": "Network of actors and flows" });
  const side = h("aside", { class: "panel side", "aria-live": "polite" },
    h("h2", null, "Flows"), h("p", { class: "muted" }, "Click an edge to see the claims behind it, or a node for the actor."));
  const edgeTable = h("table", { class: "edges" },
    h("thead", null, h("tr", null, h("th", null, "Giver"), h("th", null, ""), h("th", null, "Receiver"), h("th", null, "Item"),
      h("th", { title: "independent outlets" }, "Outlets"), h("th", null, "Docs"), h("th", null, "Claims"), h("th", null, "Seen"))),
    h("tbody", null, [...drawable].sort((a, b) => b.outlets - a.outlets || b.claims - a.claims).map((e) => {
      const tr = h("tr", { class: "edge-row", tabindex: 0, "data-edge": edgeKey(e) },
        h("td", null, entityLink(e.giver)), h("td", { class: "arrow" }, "→"), h("td", null, entityLink(e.receiver)),
        h("td", null, chip("items", e.category)), h("td", { class: "num" }, e.outlets), h("td", { class: "num" }, e.documents),
        h("td", { class: "num" }, e.claims), h("td", { class: "muted" }, fmtDate(e.firstSeen), e.lastSeen && e.lastSeen !== e.firstSeen ? ` – ${fmtDate(e.lastSeen)}` : ""));
      const open = (ev: Event) => { if (!(ev.target as HTMLElement).closest("a")) void showEdge(e); };
      tr.addEventListener("click", open);
      tr.addEventListener("keydown", (ev) => { if ((ev as KeyboardEvent).key === "Enter") open(ev); });
      return tr;
    })));

  let selectedEdge: string | null = null;
  async function showEdge(e: Edge): Promise<void> {
    selectedEdge = edgeKey(e);
    renderer?.refresh();
    clear(side);
    put(side, 
      h("h2", null, "Claims behind this flow"),
      h("p", { class: "edge-title" }, entityLink(e.giver), " → ", entityLink(e.receiver), " ", chip("items", e.category)),
      h("p", { class: "muted" }, `${e.claims} claim(s) in ${e.documents} report(s) from ${e.outlets} independent outlet(s)`,
        e.denied ? ` · ${e.denied} denied` : "", e.hedged ? ` · ${e.hedged} hedged` : "",
        e.sourceKinds.length ? ` · sources: ${e.sourceKinds.map((k) => label("sourceKinds", k).en).join(", ")}` : ""),
      h("p", { class: "loading" }, "Loading claims…"));
    const list = await edgeClaims(e, { from: from || undefined, to: to || undefined, place: place || undefined });
    side.querySelector(".loading")?.remove();
    put(side, list);
  }
  function showNode(key: string): void {
    const n = byKey.get(key);
    if (!n) return;
    clear(side);
    const out = drawable.filter((e) => e.giver?.key === key);
    const inn = drawable.filter((e) => e.receiver?.key === key);
    put(side, 
      h("h2", null, entityLink(n)),
      h("p", null, chip("entityKinds", n.kind), n.type ? [" ", chip(n.kind === "place" ? "placeTypes" : "actorTypes", n.type)] : null),
      h("p", { class: "muted" }, `${n.documents} reports · gives ${out.length} · receives ${inn.length}`),
      h("p", null, h("a", { class: "button", href: `#/entity/${enc(key)}` }, "Open the entity page"), " ",
        h("a", { class: "button", href: `#/network?focus=${enc(key)}` }, "Network around it")));
  }

  put(root, 
    h("section", { class: "panel" }, h("h1", null, "Network ", ar("الشبكة", "gloss-ar")), form,
      h("p", { class: "muted" }, `${nodes.length} actors · ${graph.size} edges (width: independent outlets)`,
        strangers.length ? ` · grey: a party the reports do not name` : "",
        unnamed ? ` · ${unnamed} edge(s) with neither party named are not drawn` : "")),
    h("div", { class: "network-body" }, h("div", { class: "panel graph-panel" }, graph.order === 0 ? h("p", { class: "empty" }, "No flows match these filters.") : container), side),
    h("section", { class: "panel" }, h("h2", null, "Edges"), drawable.length ? edgeTable : h("p", { class: "empty" }, "None.")),
  );

  let renderer: Sigma | null = null;
  let stopped = false;
  if (graph.order > 0) {
    const start = () => {
      renderer = new Sigma(graph, container, {
        renderEdgeLabels: false,
        enableEdgeEvents: true,
        defaultEdgeType: "arrow",
        labelFont: "'Noto Naskh Arabic', 'Noto Sans', system-ui, sans-serif",
        labelSize: 15,
        labelWeight: "bold",
        labelRenderedSizeThreshold: 5,
        labelDensity: 1,
        labelGridCellSize: 140,
        stagePadding: 40,
        zIndex: true,
        allowInvalidContainer: true,
        edgeReducer: (key, attrs) => (selectedEdge && key !== selectedEdge ? { ...attrs, color: `${attrs.color}55` } : selectedEdge === key ? { ...attrs, size: (attrs.size as number) + 2, zIndex: 1 } : attrs),
      });
      renderer.on("clickEdge", ({ edge }) => void showEdge(graph.getEdgeAttribute(edge, "edge") as Edge));
      renderer.on("clickNode", ({ node }) => showNode(node));
      renderer.on("doubleClickNode", ({ node, event }) => { if (byKey.has(node)) { event.preventSigmaDefault(); location.hash = `#/entity/${enc(node)}`; } });
      renderer.on("enterEdge", () => { container.style.cursor = "pointer"; });
      renderer.on("leaveEdge", () => { container.style.cursor = ""; });
      renderer.on("enterNode", () => { container.style.cursor = "pointer"; });
      renderer.on("leaveNode", () => { container.style.cursor = ""; });
      (window as unknown as { __rasadNetwork?: unknown }).__rasadNetwork = { renderer, graph };
    };
    // Sigma needs the container attached and sized; the router attaches `root` right after this view returns.
    const wait = () => { if (stopped) return; if (container.isConnected && container.offsetWidth > 0) start(); else requestAnimationFrame(wait); };
    requestAnimationFrame(wait);
  }
  return () => {
    stopped = true;
    renderer?.kill();
    delete (window as unknown as { __rasadNetwork?: unknown }).__rasadNetwork;
  };
};
