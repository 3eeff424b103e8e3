// The map: places and events as clustered points on an offline basemap (Natural Earth country outlines from
// world-atlas, bundled); clicking a place shows what happened there, each claim with a link to its report.
//
// No tiles and no glyph server: nothing is fetched from the network. Labels and cluster counts are HTML markers,
// because map text layers would need glyph files.
import * as maplibregl from "maplibre-gl";
import "maplibre-gl/dist/maplibre-gl.css";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import { feature } from "topojson-client";
import type { Topology, GeometryCollection } from "topojson-specification";
import type { FeatureCollection, Point, Geometry } from "geojson";
// The outlines ship as files (fetched from this server, cached for good), not inlined into the script.
import countries50mUrl from "world-atlas/countries-50m.json?url";
import countries110mUrl from "world-atlas/countries-110m.json?url";
import { api, query, type Page, type PlaceRecord, type EventClaim, type FlowClaim } from "../api.js";
import { h, put, ar, clear } from "../dom.js";
import { chip, V, EVENT_COLORS, PLACE_COLOR } from "../labels.js";
import { claimCard, entityLink } from "../claims.js";
import type { View } from "../main.js";

maplibregl.setWorkerUrl(workerUrl);

/** The countries the reporting is about: drawn a shade darker. */
const FOCUS_COUNTRIES = ["Syria", "Iraq"];

type Countries = Topology<{ countries: GeometryCollection<{ name: string }> }>;
/** Drawn from the detailed (1:50m) outlines; the rest of the world from the coarse (1:110m) ones, which draw fast. */
const REGION = new Set(["Syria", "Iraq", "Turkey", "Lebanon", "Jordan", "Israel", "Palestine", "Saudi Arabia", "Iran", "Kuwait", "Cyprus", "Egypt"]);

let outlines: Promise<FeatureCollection<Geometry, { name: string }>> | null = null;
function loadOutlines(): Promise<FeatureCollection<Geometry, { name: string }>> {
  outlines ??= Promise.all([fetch(countries50mUrl).then((r) => r.json()), fetch(countries110mUrl).then((r) => r.json())])
    .then(([fine, coarse]: [Countries, Countries]) => {
      const pick = (t: Countries, inRegion: boolean) => feature(t, {
        type: "GeometryCollection", geometries: t.objects.countries.geometries.filter((g) => REGION.has((g.properties as { name?: string } | undefined)?.name ?? "") === inRegion),
      }).features;
      return { type: "FeatureCollection", features: [...pick(fine, true), ...pick(coarse, false)] };
    });
  return outlines;
}

function basemap(countries: FeatureCollection): maplibregl.StyleSpecification {
  return {
    version: 8,
    // Outlines are simple shapes: tiles beyond zoom 8 are scaled up rather than cut again.
    sources: { countries: { type: "geojson", data: countries, maxzoom: 8 } },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": "#d6e4ec" } },
      { id: "land", type: "fill", source: "countries", paint: { "fill-color": ["case", ["in", ["get", "name"], ["literal", FOCUS_COUNTRIES]], "#efe6d2", "#f7f4ee"] } },
      { id: "borders", type: "line", source: "countries", paint: { "line-color": "#8c8272", "line-width": ["interpolate", ["linear"], ["zoom"], 2, 0.4, 8, 1.4] } },
    ],
  };
}

interface PlaceProps { key: string; ar: string; en: string; events: number; flows: number }
interface EventProps { id: string; type: string; color: string; place: string; date: string }

export const map: View = async (root, { params }) => {
  const from = params.get("from") ?? "";
  const to = params.get("to") ?? "";
  const types = (params.get("type") ?? "").split(",").filter(Boolean);
  const focusPlace = params.get("place") ?? "";
  const filter = { from, to };
  const [countries, places, events] = await Promise.all([
    loadOutlines(),
    api.get<Page<PlaceRecord>>("/api/places", { geo: true, limit: 1000, ...filter }),
    api.get<Page<EventClaim>>("/api/events", { limit: 1000, type: types, ...filter }),
  ]);
  const placeFc: FeatureCollection<Point, PlaceProps> = {
    type: "FeatureCollection",
    features: places.items.filter((p) => p.geo).map((p) => ({
      type: "Feature", geometry: { type: "Point", coordinates: [p.geo!.lon, p.geo!.lat] },
      properties: { key: p.key, ar: p.name.ar ?? "", en: p.name.en ?? "", events: p.events, flows: p.flowsVia + p.flowsAt },
    })),
  };
  const eventFc: FeatureCollection<Point, EventProps> = { type: "FeatureCollection", features: [] };
  for (const e of events.items) {
    const at = e.places.find((p) => p.geo);
    if (!at?.geo) continue;
    eventFc.features.push({
      type: "Feature", geometry: { type: "Point", coordinates: [at.geo.lon, at.geo.lat] },
      properties: { id: e.id, type: e.type, color: EVENT_COLORS[e.type] ?? "#c62828", place: at.key, date: e.date ?? "" },
    });
  }
  const eventsById = new Map(events.items.map((e) => [e.id, e]));

  // ---------- filters ----------
  const form = h("form", { class: "filters" },
    h("label", null, "From ", h("input", { type: "date", name: "from", value: from })),
    h("label", null, "To ", h("input", { type: "date", name: "to", value: to })),
    h("label", null, "Event type ", (() => {
      const s = h("select", { name: "type", "aria-label": "Event type" }, h("option", { value: "" }, "all events"));
      for (const t of V().eventTypes) { const o = h("option", { value: t.value }, `${t.en} · ${t.ar}`); if (types[0] === t.value) o.selected = true; s.append(o); }
      return s;
    })()),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "showPlaces", checked: true }), " places"),
    h("label", { class: "check" }, h("input", { type: "checkbox", name: "showEvents", checked: true }), " events"),
    h("button", { type: "submit" }, "Apply"),
    h("a", { href: `/api/export/events.geojson${query({ ...filter, type: types })}`, download: "rasad-events.geojson" }, "events as GeoJSON"),
    h("a", { href: `/api/export/places.geojson${query(filter)}`, download: "rasad-places.geojson" }, "places as GeoJSON"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const fd = new FormData(form);
    const q = new URLSearchParams();
    for (const k of ["from", "to", "type"]) { const v = String(fd.get(k) ?? ""); if (v) q.set(k, v); }
    location.hash = `#/map${q.toString() ? `?${q}` : ""}`;
  });

  const container = h("div", { class: "map-container", "aria-label": "Map of places and events" });
  const side = h("aside", { class: "panel side", "aria-live": "polite" },
    h("h2", null, "What happened here"), h("p", { class: "muted" }, "Click a place (teal) or an event (red) to see its claims; click a cluster to zoom in."),
    h("p", { class: "legend" }, h("span", { class: "dot", style: null }, ""), `${placeFc.features.length} places · ${eventFc.features.length} events with a located place`));
  (side.querySelector(".dot") as HTMLElement).style.background = PLACE_COLOR;
  put(root, 
    h("section", { class: "panel" }, h("h1", null, "Map ", ar("الخريطة", "gloss-ar")), form),
    h("div", { class: "map-body" }, h("div", { class: "panel map-panel" }, container), side));

  async function showPlace(key: string): Promise<void> {
    const p = places.items.find((x) => x.key === key);
    clear(side);
    put(side, h("h2", null, p ? entityLink(p) : key), h("p", { class: "loading" }, "Loading…"));
    const [evs, fls] = await Promise.all([
      api.get<Page<EventClaim>>("/api/events", { place: key, limit: 100, ...filter, type: types }),
      api.get<Page<FlowClaim>>("/api/flows", { place: key, limit: 100, ...filter }),
    ]);
    side.querySelector(".loading")?.remove();
    put(side, 
      p ? h("p", null, p.type ? chip("placeTypes", p.type) : null, ` ${p.events} events · ${p.flowsVia} flows through it · ${p.flowsAt} flows there`) : null,
      h("h3", null, `Events (${evs.total})`), evs.items.length ? evs.items.map((c) => claimCard(c, { showDoc: true })) : h("p", { class: "empty" }, "None."),
      h("h3", null, `Flows (${fls.total})`), fls.items.length ? fls.items.map((c) => claimCard(c, { showDoc: true })) : h("p", { class: "empty" }, "None."));
  }
  function showEvent(id: string): void {
    const e = eventsById.get(id);
    if (!e) return;
    clear(side);
    put(side, h("h2", null, chip("eventTypes", e.type), " ", e.date ?? ""), claimCard(e, { showDoc: true }),
      h("p", null, "At ", e.places.map((p) => entityLink(p))));
  }

  const markers = new Map<string, maplibregl.Marker>();
  let live: maplibregl.Map | null = null;
  const startMap = () => {
    const m = new maplibregl.Map({
      container, style: basemap(countries), center: [39, 35], zoom: 5, attributionControl: false,
      renderWorldCopies: false, maxZoom: 14,
    });
    live = m;
    m.on("error", (ev) => console.error("map:", ev.error?.message ?? ev));
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    m.addControl(new maplibregl.AttributionControl({ compact: true, customAttribution: "Natural Earth (world-atlas)" }));
    (window as unknown as { __rasadMap?: unknown }).__rasadMap = m;

    const showPlaces = form.querySelector<HTMLInputElement>("[name=showPlaces]")!;
    const showEvents = form.querySelector<HTMLInputElement>("[name=showEvents]")!;

    m.on("load", () => {
      m.addSource("places", { type: "geojson", data: placeFc, cluster: true, clusterRadius: 36, clusterMaxZoom: 11 });
      m.addSource("events", { type: "geojson", data: eventFc, cluster: true, clusterRadius: 30, clusterMaxZoom: 11 });
      m.addLayer({ id: "place-clusters", type: "circle", source: "places", filter: ["has", "point_count"],
        paint: { "circle-color": PLACE_COLOR, "circle-opacity": 0.8, "circle-radius": ["step", ["get", "point_count"], 14, 5, 18, 20, 24], "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
      m.addLayer({ id: "place-points", type: "circle", source: "places", filter: ["!", ["has", "point_count"]],
        paint: { "circle-color": PLACE_COLOR, "circle-radius": ["min", 16, ["+", 7, ["*", 1.5, ["+", ["get", "events"], ["get", "flows"]]]]], "circle-stroke-color": "#fff", "circle-stroke-width": 2 } });
      m.addLayer({ id: "event-clusters", type: "circle", source: "events", filter: ["has", "point_count"],
        paint: { "circle-color": "#c62828", "circle-opacity": 0.85, "circle-radius": ["step", ["get", "point_count"], 11, 5, 15, 20, 20], "circle-stroke-color": "#fff", "circle-stroke-width": 1.5, "circle-translate": [10, -10] } });
      m.addLayer({ id: "event-points", type: "circle", source: "events", filter: ["!", ["has", "point_count"]],
        paint: { "circle-color": ["get", "color"], "circle-radius": 7, "circle-stroke-color": "#fff", "circle-stroke-width": 1.5, "circle-translate": [10, -10] } });

      // Frame the places more precise than a whole country (a mention of «روسيا» would zoom out to the world).
      const bounds = new maplibregl.LngLatBounds();
      // A far-away capital (sanctions announced in Washington) would do the same: frame the Middle East first.
      const located = places.items.filter((p) => p.geo);
      const precise = located.filter((p) => p.type !== "country" && p.geo!.precision !== "country");
      const near = precise.filter((p) => p.geo!.lon > 25 && p.geo!.lon < 63 && p.geo!.lat > 12 && p.geo!.lat < 43);
      for (const p of near.length ? near : precise.length ? precise : located) bounds.extend([p.geo!.lon, p.geo!.lat]);
      if (!bounds.isEmpty()) m.fitBounds(bounds, { padding: 80, maxZoom: 6, duration: 0 });

      const focus = focusPlace && placeFc.features.find((f) => f.properties.key === focusPlace);
      if (focus) { m.jumpTo({ center: focus.geometry.coordinates as [number, number], zoom: 8 }); void showPlace(focusPlace); }
    });

    for (const layer of ["place-clusters", "event-clusters"]) {
      m.on("click", layer, async (ev) => {
        const f = ev.features?.[0];
        if (!f) return;
        const src = m.getSource(layer.startsWith("place") ? "places" : "events") as maplibregl.GeoJSONSource;
        const zoom = await src.getClusterExpansionZoom(f.properties.cluster_id as number);
        m.easeTo({ center: (f.geometry as Point).coordinates as [number, number], zoom });
      });
    }
    m.on("click", "place-points", (ev) => { const k = ev.features?.[0]?.properties.key; if (k) void showPlace(String(k)); });
    m.on("click", "event-points", (ev) => { const id = ev.features?.[0]?.properties.id; if (id) showEvent(String(id)); });
    for (const layer of ["place-clusters", "event-clusters", "place-points", "event-points"]) {
      m.on("mouseenter", layer, () => { m.getCanvas().style.cursor = "pointer"; });
      m.on("mouseleave", layer, () => { m.getCanvas().style.cursor = ""; });
    }

    // Cluster counts and place names as HTML markers, rebuilt from what is on screen after each render.
    const updateMarkers = () => {
      if (!m.isStyleLoaded() || !m.getSource("places")) return;
      const keep = new Set<string>();
      const add = (id: string, lngLat: [number, number], make: () => HTMLElement, offset: [number, number]) => {
        keep.add(id);
        if (!markers.has(id)) markers.set(id, new maplibregl.Marker({ element: make(), offset }).setLngLat(lngLat).addTo(m));
      };
      if (showPlaces.checked) {
        for (const f of m.querySourceFeatures("places")) {
          const c = (f.geometry as Point).coordinates as [number, number];
          const p = f.properties as Record<string, unknown>;
          if (p.cluster) add(`pc${p.cluster_id}`, c, () => h("div", { class: "cluster-count" }, String(p.point_count_abbreviated)), [0, 0]);
          else add(`pl${p.key}`, c, () => h("div", { class: "place-label" }, ar(String(p.ar || p.en)), p.ar && p.en ? h("span", { class: "gloss" }, ` ${p.en}`) : null), [0, -22]);
        }
      }
      if (showEvents.checked) {
        for (const f of m.querySourceFeatures("events")) {
          const p = f.properties as Record<string, unknown>;
          if (p.cluster) add(`ec${p.cluster_id}`, (f.geometry as Point).coordinates as [number, number], () => h("div", { class: "cluster-count event-count" }, String(p.point_count_abbreviated)), [10, -10]);
        }
      }
      for (const [id, mk] of markers) if (!keep.has(id)) { mk.remove(); markers.delete(id); }
    };
    m.on("render", updateMarkers);
    const toggle = () => {
      m.setLayoutProperty("place-clusters", "visibility", showPlaces.checked ? "visible" : "none");
      m.setLayoutProperty("place-points", "visibility", showPlaces.checked ? "visible" : "none");
      m.setLayoutProperty("event-clusters", "visibility", showEvents.checked ? "visible" : "none");
      m.setLayoutProperty("event-points", "visibility", showEvents.checked ? "visible" : "none");
      updateMarkers();
    };
    showPlaces.addEventListener("change", toggle);
    showEvents.addEventListener("change", toggle);

  };
  // maplibre measures its container when it starts: wait until the router has attached and laid it out.
  let stopped = false;
  const wait = () => { if (stopped) return; if (container.isConnected && container.offsetWidth > 0) startMap(); else requestAnimationFrame(wait); };
  requestAnimationFrame(wait);
  return () => {
    stopped = true;
    for (const mk of markers.values()) mk.remove();
    live?.remove();
    delete (window as unknown as { __rasadMap?: unknown }).__rasadMap;
  };
};

