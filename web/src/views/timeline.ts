// The timeline: events (above the axis, by type) and flows (below it, by item) per day, month or year, filtered by
// dates, place, entity and type; clicking a bar lists its claims, each with a link to its report.
import { api, type Page, type EventClaim, type FlowClaim, type Claim, type PlaceRecord } from "../api.js";
import { h, put, ar, clear } from "../dom.js";
import { V, label, EVENT_COLORS, ITEM_COLORS } from "../labels.js";
import { claimCard } from "../claims.js";
import type { View } from "../main.js";

type Grain = "day" | "month" | "year";
const SVG = "http://www.w3.org/2000/svg";
function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...kids: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const k of kids) el.append(typeof k === "string" ? document.createTextNode(k) : k);
  return el;
}

const DAY = 86_400_000;
/** Cards listed at once; a bar narrows the list to its period. */
const LIST_LIMIT = 150;
function grainFor(first: string, last: string): Grain {
  const days = (Date.parse(last.slice(0, 10).padEnd(10, "-01").replace(/-$/, "")) - Date.parse(first.slice(0, 10).padEnd(10, "-01").replace(/-$/, ""))) / DAY;
  return days <= 62 ? "day" : days <= 3 * 366 ? "month" : "year";
}
const bucketOf = (date: string, g: Grain) => (g === "day" ? date.slice(0, 10) : g === "month" ? date.slice(0, 7) : date.slice(0, 4));

/** Every bucket from the first to the last, so that quiet months show as gaps. */
function buckets(first: string, last: string, g: Grain): string[] {
  const out: string[] = [];
  if (g === "year") { for (let y = +first.slice(0, 4); y <= +last.slice(0, 4); y++) out.push(String(y)); return out; }
  if (g === "month") {
    let y = +first.slice(0, 4), m = +first.slice(5, 7) || 1;
    const ly = +last.slice(0, 4), lm = +last.slice(5, 7) || 12;
    while (y < ly || (y === ly && m <= lm)) { out.push(`${y}-${String(m).padStart(2, "0")}`); if (++m > 12) { m = 1; y++; } }
    return out;
  }
  for (let t = Date.parse(first.slice(0, 10)); t <= Date.parse(last.slice(0, 10)); t += DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

export const timeline: View = async (root, { params }) => {
  const f = {
    from: params.get("from") ?? "", to: params.get("to") ?? "", place: params.get("place") ?? "", entity: params.get("entity") ?? "",
    type: params.get("type") ?? "", item: params.get("item") ?? "",
  };
  const [events, flows, places] = await Promise.all([
    f.item ? Promise.resolve({ items: [] as EventClaim[], total: 0 }) : api.get<Page<EventClaim>>("/api/events", { from: f.from, to: f.to, place: f.place, entity: f.entity, type: f.type, limit: 1000 }),
    f.type ? Promise.resolve({ items: [] as FlowClaim[], total: 0 }) : api.get<Page<FlowClaim>>("/api/flows", { from: f.from, to: f.to, place: f.place, entity: f.entity, item: f.item, limit: 1000 }),
    api.get<Page<PlaceRecord>>("/api/places", { limit: 1000 }),
  ]);

  const form = h("form", { class: "filters" },
    h("label", null, "From ", h("input", { type: "date", name: "from", value: f.from })),
    h("label", null, "To ", h("input", { type: "date", name: "to", value: f.to })),
    h("label", null, "Place ", (() => {
      const s = h("select", { name: "place", "aria-label": "Place" }, h("option", { value: "" }, "any place"));
      for (const p of places.items) { const o = h("option", { value: p.key }, [p.name.ar, p.name.en].filter(Boolean).join(" · ") || p.key); if (p.key === f.place) o.selected = true; s.append(o); }
      return s;
    })()),
    h("label", null, "Event type ", (() => {
      const s = h("select", { name: "type", "aria-label": "Event type" }, h("option", { value: "" }, "all"));
      for (const t of V().eventTypes) { const o = h("option", { value: t.value }, `${t.en} · ${t.ar}`); if (t.value === f.type) o.selected = true; s.append(o); }
      return s;
    })()),
    h("label", null, "Item ", (() => {
      const s = h("select", { name: "item", "aria-label": "Item" }, h("option", { value: "" }, "all"));
      for (const t of V().items) { const o = h("option", { value: t.value }, `${t.en} · ${t.ar}`); if (t.value === f.item) o.selected = true; s.append(o); }
      return s;
    })()),
    f.entity ? h("span", { class: "focus" }, "Involving ", h("code", null, f.entity)) : null,
    h("button", { type: "submit" }, "Apply"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const q = new URLSearchParams();
    for (const k of ["from", "to", "place", "type", "item"]) { const v = String(fd.get(k) ?? ""); if (v) q.set(k, v); }
    if (f.entity) q.set("entity", f.entity);
    location.hash = `#/timeline${q.toString() ? `?${q}` : ""}`;
  });

  const dated: Claim[] = [...events.items, ...flows.items].filter((c) => c.date).sort((a, b) => a.date!.localeCompare(b.date!));
  const list = h("div", { class: "timeline-list" });
  const chartBox = h("div", { class: "timeline-chart" });
  put(root, h("section", { class: "panel" }, h("h1", null, "Timeline ", ar("التسلسل الزمني", "gloss-ar")), form,
    h("p", { class: "muted" }, `${events.total} events and ${flows.total} flows; ${dated.length} with a date. Bars above the line: events by type; below: flows by item. Click a bar to list its claims.`)),
  h("section", { class: "panel" }, chartBox), h("section", { class: "panel" }, list));
  if (dated.length === 0) { put(chartBox, h("p", { class: "empty" }, "Nothing dated matches.")); return; }

  const grain = grainFor(dated[0].date!, dated[dated.length - 1].date!);
  const keys = buckets(dated[0].date!, dated[dated.length - 1].date!, grain);
  const byBucket = new Map<string, Claim[]>(keys.map((k) => [k, []]));
  for (const c of dated) byBucket.get(bucketOf(c.date!, grain))?.push(c);

  const W = 1000, H = 260, mid = 130, pad = 70;
  const maxUp = Math.max(1, ...keys.map((k) => byBucket.get(k)!.filter((c) => c.kind === "event").length));
  const maxDown = Math.max(1, ...keys.map((k) => byBucket.get(k)!.filter((c) => c.kind === "flow").length));
  const unit = (mid - 24) / Math.max(maxUp, maxDown);
  const bw = (W - 2 * pad) / keys.length;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "Events and flows over time", class: "timeline-svg" });
  chart.append(svg("line", { x1: pad, x2: W - pad, y1: mid, y2: mid, stroke: "#555", "stroke-width": 1 }));
  chart.append(svg("text", { x: 4, y: mid - 8, class: "axis-label" }, "events ↑"), svg("text", { x: 4, y: mid + 18, class: "axis-label" }, "flows ↓"));
  const showBucket = (k: string | null) => {
    clear(list);
    const cs = k ? byBucket.get(k)! : dated;
    const shown = cs.slice(0, LIST_LIMIT);
    put(list, h("h2", null, k ? `${k}: ${cs.length} claim(s)` : `All dated claims (${cs.length})`),
      k ? h("p", null, h("button", { type: "button", class: "link-button", onclick: () => showBucket(null) }, "Show all")) : null,
      shown.map((c) => claimCard(c, { showDoc: true })),
      cs.length > shown.length ? h("p", { class: "muted" }, `… and ${cs.length - shown.length} more: click a bar or narrow the filters.`) : null);
    for (const g of chart.querySelectorAll<SVGGElement>("g.bucket")) g.classList.toggle("selected", g.dataset.bucket === k);
  };
  keys.forEach((k, i) => {
    const x = pad + i * bw;
    const cs = byBucket.get(k)!;
    const g = svg("g", { class: "bucket", "data-bucket": k, tabindex: 0 });
    g.append(svg("title", {}, `${k}: ${cs.filter((c) => c.kind === "event").length} events, ${cs.filter((c) => c.kind === "flow").length} flows`));
    g.append(svg("rect", { x, y: 0, width: bw, height: H - 20, fill: "transparent" }));
    let up = mid;
    // Stacked in vocabulary order, so that a colour sits at the same height from bar to bar.
    const typeOrder = (t: string) => V().eventTypes.findIndex((x) => x.value === t);
    const itemOrder = (t: string) => V().items.findIndex((x) => x.value === t);
    for (const c of cs.filter((c): c is EventClaim => c.kind === "event").sort((a, b) => typeOrder(a.type) - typeOrder(b.type))) {
      up -= unit;
      g.append(svg("rect", { x: x + 1, y: up, width: Math.max(1, bw - 2), height: unit - 1, fill: EVENT_COLORS[c.type] ?? "#c62828", class: `bar ev-${c.type}` }));
    }
    let down = mid + 1;
    for (const c of cs.filter((c): c is FlowClaim => c.kind === "flow").sort((a, b) => itemOrder(a.items[0]?.category) - itemOrder(b.items[0]?.category))) {
      g.append(svg("rect", { x: x + 1, y: down, width: Math.max(1, bw - 2), height: unit - 1, fill: ITEM_COLORS[c.items[0]?.category] ?? "#888", class: "bar" }));
      down += unit;
    }
    const every = Math.ceil(keys.length / 12);
    if (i % every === 0) g.append(svg("text", { x: x + bw / 2, y: H - 4, "text-anchor": "middle", class: "tick" }, k));
    g.addEventListener("click", () => showBucket(k));
    g.addEventListener("keydown", (ev) => { if ((ev as KeyboardEvent).key === "Enter") showBucket(k); });
    chart.append(g);
  });
  const entries = [
    ...[...new Set(events.items.map((e) => e.type))].map((t) => ({ text: label("eventTypes", t).en, color: EVENT_COLORS[t] ?? "#c62828" })),
    ...[...new Set(flows.items.map((x) => x.items[0]?.category).filter(Boolean))].map((c) => ({ text: label("items", c).en, color: ITEM_COLORS[c] ?? "#888" })),
  ];
  const legend = h("p", { class: "legend" }, entries.map((e) => {
    const sw = h("span", { class: "swatch" });
    sw.style.background = e.color;
    return h("span", { class: "legend-item" }, sw, ` ${e.text} `);
  }));
  put(chartBox, chart, legend);
  showBucket(null);
};
