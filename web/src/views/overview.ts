// Overview: what the store holds, the strongest edges, the latest reports, and what came in since yesterday.
import { api, enc, type Stats, type Page, type Edge, type DocumentMeta } from "../api.js";
import { h, put, auto, fmtNumber, fmtDate } from "../dom.js";
import { chip } from "../labels.js";
import { entityLink } from "../claims.js";
import type { View } from "../main.js";

export const overview: View = async (root) => {
  const since = new Date(Date.now() - 24 * 3600 * 1000).toISOString();
  const [stats, edges, docs] = await Promise.all([
    api.get<Stats>("/api/stats", { since }),
    api.get<Page<Edge>>("/api/edges", { limit: 12 }),
    api.get<Page<DocumentMeta>>("/api/documents", { limit: 8 }),
  ]);
  const card = (n: number, en: string, arLabel: string, href?: string) =>
    h(href ? "a" : "div", { class: "stat", href: href ?? null }, h("strong", null, fmtNumber(n)), h("span", null, en), h("bdi", { lang: "ar", class: "ar gloss-ar" }, arLabel));
  put(root, 
    h("section", { class: "panel" },
      h("h1", null, "Overview"),
      stats.documents === 0
        ? h("p", { class: "empty" }, "The store is empty. Add reports with ", h("code", null, "rasad ingest FILES…"), " and reload.")
        : h("p", { class: "muted" }, `Reports published ${fmtDate(stats.published.first)} – ${fmtDate(stats.published.last)}; last ingest ${fmtDate(stats.lastIngest)}.`),
      h("div", { class: "stats" },
        card(stats.documents, "reports", "تقارير", "#/docs"),
        card(stats.outlets, "outlets", "وسائل إعلام"),
        card(stats.entities.actor, "actors", "فاعلون"),
        card(stats.entities.place, "places", "أماكن", "#/map"),
        card(stats.claims.flow, "flows", "تدفقات", "#/network"),
        card(stats.claims.event, "events", "أحداث", "#/timeline"),
        card(stats.reviews, "reviews", "مراجعات", "#/review"),
        card(stats.nearDuplicates + stats.copies, "copies & near-duplicates", "نسخ مكررة")),
      h("p", { class: "downloads" }, "Download: ",
        h("a", { href: "/api/export/claims.jsonl", download: "rasad-claims.jsonl" }, "all claims (JSON lines)"), " · ",
        h("a", { href: "/api/export/places.geojson", download: "rasad-places.geojson" }, "places (GeoJSON)"), " · ",
        h("a", { href: "/api/export/events.geojson", download: "rasad-events.geojson" }, "events (GeoJSON)"), " · ",
        h("a", { href: "/api/openapi.json" }, "API description (OpenAPI)")),
      stats.since && stats.since.documents > 0
        ? h("p", null, `In the last 24 hours: ${stats.since.documents} reports, ${stats.since.flows} flows, ${stats.since.events} events, ${stats.since.entities.length} new entities.`)
        : null),
    h("div", { class: "columns" },
      h("section", { class: "panel" },
        h("h2", null, "Strongest flows"),
        h("p", { class: "muted" }, "Edges giver → receiver per item, by independent outlets."),
        edges.items.length ? h("table", { class: "edges" },
          h("thead", null, h("tr", null, h("th", null, "Giver"), h("th", null, ""), h("th", null, "Receiver"), h("th", null, "Item"), h("th", { title: "independent outlets" }, "Outlets"), h("th", null, "Claims"))),
          h("tbody", null, edges.items.map((e) => h("tr", null,
            h("td", null, entityLink(e.giver)), h("td", { class: "arrow" }, "→"), h("td", null, entityLink(e.receiver)),
            h("td", null, chip("items", e.category)), h("td", { class: "num" }, e.outlets), h("td", { class: "num" }, e.claims))))) : h("p", { class: "empty" }, "No flows yet.")),
      h("section", { class: "panel" },
        h("h2", null, "Latest reports"),
        h("ul", { class: "doc-list" }, docs.items.map((d) => h("li", null,
          h("a", { href: `#/doc/${enc(d.id)}` }, auto(d.title ?? d.id, "doc-title")),
          h("span", { class: "muted" }, " · ", auto(d.outlet ?? "unknown outlet"), " · ", h("span", { class: "date" }, fmtDate(d.published)))))))),
  );
};
