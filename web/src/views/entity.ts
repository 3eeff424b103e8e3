// The entity page: names and aliases, type, flows out and in grouped by item (each edge opens the claims behind it),
// events, facts, on whose word it all rests, places and documents.
import { api, enc, type EntityProfile, type Edge, type Page, type FlowClaim } from "../api.js";
import { h, put, ar, auto, clear, fmtDate, fmtNumber } from "../dom.js";
import { chip, label, ITEM_COLORS } from "../labels.js";
import { claimCard, entityLink } from "../claims.js";
import type { View } from "../main.js";

/** The claims behind one edge (flows giver → receiver carrying this item), as cards with a link to the reader. */
export async function edgeClaims(e: Edge, extra: Record<string, string | undefined> = {}): Promise<HTMLElement> {
  const params: Record<string, string | undefined> = { item: e.category, limit: "200", ...extra };
  if (e.giver) params.giver = e.giver.key;
  if (e.receiver) params.receiver = e.receiver.key;
  const page = await api.get<Page<FlowClaim>>("/api/flows", params);
  // A party the text does not name cannot be a filter: keep only flows where it is unnamed too.
  const items = page.items.filter((f) => (e.giver ? true : f.giver === null) && (e.receiver ? true : f.receiver === null));
  return h("div", { class: "edge-claims" },
    items.length ? items.map((c) => claimCard(c, { showDoc: true })) : h("p", { class: "empty" }, "No claims (they may all be rejected)."));
}

function edgeRow(e: Edge, dir: "out" | "in"): HTMLElement {
  const other = dir === "out" ? e.receiver : e.giver;
  const holder = h("div", { class: "edge-claims-holder" });
  let open = false;
  const btn = h("button", {
    type: "button", class: "edge-toggle", "aria-expanded": "false",
    onclick: async () => {
      open = !open;
      btn.setAttribute("aria-expanded", String(open));
      btn.textContent = open ? "Hide claims ▾" : `Claims (${e.claims}) ▸`;
      clear(holder);
      if (open) holder.append(await edgeClaims(e));
    },
  }, `Claims (${e.claims}) ▸`);
  const row = h("li", { class: "edge", "data-item": e.category },
    h("div", { class: "edge-line" },
      h("span", { class: "dir" }, dir === "out" ? "→ " : "← "), entityLink(other), " ",
      h("span", { class: "corroboration", title: "claims · documents · independent outlets" },
        `${e.claims} claim${e.claims === 1 ? "" : "s"} · ${e.documents} doc${e.documents === 1 ? "" : "s"} · ${e.outlets} outlet${e.outlets === 1 ? "" : "s"}`),
      e.modes.length ? h("span", { class: "muted" }, ` · ${e.modes.map((m) => label("modes", m).en).join(", ")}`) : null,
      e.denied ? h("span", { class: "modality modality-denied" }, ` · ${e.denied} denied`) : null,
      e.hedged ? h("span", { class: "modality modality-hedged" }, ` · ${e.hedged} hedged`) : null,
      e.firstSeen ? h("span", { class: "muted" }, ` · ${fmtDate(e.firstSeen)}${e.lastSeen && e.lastSeen !== e.firstSeen ? ` – ${fmtDate(e.lastSeen)}` : ""}`) : null,
      " ", btn),
    holder);
  row.style.setProperty("--item", ITEM_COLORS[e.category] ?? "#888");
  return row;
}

function edgesByItem(edges: Edge[], dir: "out" | "in"): HTMLElement {
  if (edges.length === 0) return h("p", { class: "empty" }, dir === "out" ? "Gives nothing that we know of." : "Receives nothing that we know of.");
  const groups = new Map<string, Edge[]>();
  for (const e of edges) groups.set(e.category, [...(groups.get(e.category) ?? []), e]);
  return h("div", { class: "edge-groups" }, [...groups].map(([cat, list]) =>
    h("section", { class: "edge-group" }, h("h4", null, chip("items", cat)), h("ul", { class: "edges-list" }, list.map((e) => edgeRow(e, dir))))));
}

export const entity: View = async (root, { path }) => {
  const key = path.join("/");
  const p = await api.get<EntityProfile>(`/api/entities/${enc(key)}`);
  const e = p.entity;
  const typeLabel = e.type ? label(e.kind === "place" ? "placeTypes" : "actorTypes", e.type) : null;
  const placeFlows = e.kind === "place" ? await api.get<Page<FlowClaim>>("/api/flows", { place: e.key, limit: 100 }) : null;
  put(root, 
    h("section", { class: "panel entity-head" },
      h("p", { class: "kind-line" }, chip("entityKinds", e.kind), typeLabel ? [" ", chip(e.kind === "place" ? "placeTypes" : "actorTypes", e.type)] : null,
        h("code", { class: "key" }, e.key)),
      h("h1", null, e.name.ar ? ar(e.name.ar, "name-ar") : auto(e.name.en ?? e.key), e.name.ar && e.name.en ? h("span", { class: "gloss name-en" }, e.name.en) : null),
      p.aliases.length ? h("p", { class: "aliases" }, h("span", { class: "label" }, "Written as: "),
        p.aliases.map((a) => h("span", { class: "alias", title: `${a.count} mention${a.count === 1 ? "" : "s"}` }, ar(a.text), h("small", null, ` ×${a.count}`)))) : null,
      h("p", { class: "muted" },
        `${fmtNumber(p.counts.documents)} reports · ${p.counts.flowsOut} flows out · ${p.counts.flowsIn} flows in · ${p.counts.events} events · ${p.counts.facts} facts`,
        e.firstSeen ? ` · seen ${fmtDate(e.firstSeen)} – ${fmtDate(e.lastSeen)}` : "",
        e.geo ? ` · ${e.geo.lat.toFixed(3)}, ${e.geo.lon.toFixed(3)}${e.geo.precision ? ` (${label("geoPrecisions", e.geo.precision).en})` : ""}` : ""),
      h("p", { class: "actions" },
        h("a", { class: "button", href: `#/network?focus=${enc(e.key)}` }, "Network around it"), " ",
        h("a", { class: "button", href: `#/timeline?${e.kind === "place" ? "place" : "entity"}=${enc(e.key)}` }, "Timeline"), " ",
        e.kind === "place" && e.geo ? h("a", { class: "button", href: `#/map?place=${enc(e.key)}` }, "On the map") : null)),
    h("div", { class: "columns" },
      h("section", { class: "panel" }, h("h2", null, "Gives ", ar("يعطي", "gloss-ar")), edgesByItem(p.out, "out")),
      h("section", { class: "panel" }, h("h2", null, "Receives ", ar("يتلقى", "gloss-ar")), edgesByItem(p.in, "in"))),
    placeFlows && placeFlows.items.length ? h("section", { class: "panel" }, h("h2", null, `Flows through or at this place (${placeFlows.total})`),
      placeFlows.items.map((c) => claimCard(c, { showDoc: true }))) : null,
    h("section", { class: "panel" }, h("h2", null, `Events (${p.counts.events})`),
      p.eventTypes.length ? h("p", null, p.eventTypes.map((t) => [chip("eventTypes", t.type), ` ×${t.count} `])) : null,
      p.events.length ? p.events.map((c) => claimCard(c, { showDoc: true })) : h("p", { class: "empty" }, "No events.")),
    p.facts.length ? h("section", { class: "panel" }, h("h2", null, "Facts"), p.facts.map((c) => claimCard(c, { showDoc: true }))) : null,
    h("div", { class: "columns" },
      h("section", { class: "panel" }, h("h2", null, "On whose word"),
        p.sources.length ? h("ul", { class: "sources" }, p.sources.map((s) => h("li", null, chip("sourceKinds", s.kind), s.text ? [" «", ar(s.text), "»"] : null, h("span", { class: "muted" }, ` ×${s.count}`)))) : h("p", { class: "empty" }, "No claims.")),
      h("section", { class: "panel" }, h("h2", null, "Places"),
        p.places.length ? h("ul", { class: "places" }, p.places.map((pl) => h("li", null, entityLink(pl.entity), h("span", { class: "muted" }, ` ×${pl.count}`)))) : h("p", { class: "empty" }, "No places named.")),
      h("section", { class: "panel" }, h("h2", null, "Reports"),
        h("ul", { class: "doc-list" }, p.documents.map((d) => h("li", null, h("a", { href: `#/doc/${enc(d.id)}` }, auto(d.title ?? d.id)),
          h("span", { class: "muted" }, " · ", auto(d.outlet ?? ""), " · ", h("span", { class: "date" }, fmtDate(d.published)))))))),
  );
};
