// The document reader (the Arabic text right-to-left, mentions highlighted by kind, a selected claim's evidence and
// source highlighted) and the document list with full-text search.
import { api, enc, ApiError, type DocumentFull, type DocumentMeta, type Page, type SearchHit, type Claim } from "../api.js";
import { h, put, ar, auto, clear, fmtDate, fmtNumber } from "../dom.js";
import { label } from "../labels.js";
import { claimCard } from "../claims.js";
import { canWrite, toast } from "../state.js";
import type { View } from "../main.js";

type Span = [number, number];
interface Layer { span: Span; cls: string; attrs?: Record<string, string> }

/**
 * The text cut at every span boundary; each piece is a text node inside a <span> carrying the classes of the layers
 * that cover it. Overlapping mentions, evidence and source spans nest without breaking each other.
 */
export function renderSpans(text: string, layers: Layer[]): DocumentFragment {
  const frag = document.createDocumentFragment();
  const ok = layers.filter((l) => l.span[0] < l.span[1] && l.span[0] >= 0 && l.span[1] <= text.length);
  const cuts = new Set<number>([0, text.length]);
  for (const l of ok) { cuts.add(l.span[0]); cuts.add(l.span[1]); }
  const points = [...cuts].sort((a, b) => a - b);
  const starts = [...ok].sort((a, b) => a.span[0] - b.span[0]);
  let next = 0;
  let active: Layer[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    active = active.filter((l) => l.span[1] > a);
    while (next < starts.length && starts[next].span[0] <= a) {
      if (starts[next].span[1] > a) active.push(starts[next]);
      next++;
    }
    const piece = text.slice(a, b);
    if (active.length === 0) { frag.append(document.createTextNode(piece)); continue; }
    const el = h("span", { class: active.map((l) => l.cls).join(" ") });
    for (const l of active) if (l.attrs) for (const [k, v] of Object.entries(l.attrs)) el.setAttribute(k, v);
    el.append(document.createTextNode(piece));
    frag.append(el);
  }
  return frag;
}

function claimLayers(c: Claim): Layer[] {
  const out: Layer[] = [{ span: c.evidence.span, cls: "hl-evidence" }];
  if (c.source.span) out.push({ span: c.source.span, cls: "hl-source", attrs: { title: `source: ${label("sourceKinds", c.source.kind).en}` } });
  if (c.trigger) out.push({ span: c.trigger, cls: "hl-trigger" });
  if (c.time?.span) out.push({ span: c.time.span, cls: "hl-time" });
  if (c.kind === "flow") for (const it of c.items) if (it.span) out.push({ span: it.span, cls: "hl-item", attrs: { title: label("items", it.category).en } });
  return out;
}

export const reader: View = async (root, { path, params }) => {
  const id = path[0];
  if (!id) { location.hash = "#/docs"; return; }
  const doc = await api.get<DocumentFull>(`/api/documents/${enc(id)}`);
  const types = new Map(doc.entities.map((e) => [e.key, e]));
  const claims: Claim[] = [...doc.flows, ...doc.events, ...doc.facts];
  let selected: Claim | null = claims.find((c) => c.id === params.get("claim")) ?? null;

  const textBox = h("div", { class: "doc-text", lang: "ar", dir: "rtl", "aria-label": "Report text" });
  const mentionLayers: Layer[] = doc.mentions.map((m) => {
    const e = types.get(m.entity);
    const name = e ? [e.name.ar, e.name.en].filter(Boolean).join(" · ") : m.entity;
    return { span: m.span, cls: `m m-${m.kind}${e?.type ? ` m-t-${e.type}` : ""}`, attrs: { "data-entity": m.entity, title: `${name} (${m.kind}${e?.type ? `, ${label(m.kind === "place" ? "placeTypes" : "actorTypes", e.type).en}` : ""})` } };
  });
  const paint = () => {
    clear(textBox);
    textBox.append(renderSpans(doc.text, selected ? [...mentionLayers, ...claimLayers(selected)] : mentionLayers));
    for (const card of claimList.querySelectorAll<HTMLElement>(".claim")) card.classList.toggle("selected", card.dataset.claimId === selected?.id);
    const ev = textBox.querySelector(".hl-evidence");
    if (ev && selected) ev.scrollIntoView({ block: "center", behavior: "instant" as ScrollBehavior });
  };
  const choose = (c: Claim) => {
    selected = selected?.id === c.id ? null : c;
    const q = selected ? `?claim=${enc(selected.id)}` : "";
    history.replaceState(null, "", `#/doc/${enc(doc.id)}${q}`);
    paint();
  };
  textBox.addEventListener("click", (ev) => {
    const m = (ev.target as HTMLElement).closest<HTMLElement>("[data-entity]");
    if (m?.dataset.entity && !window.getSelection()?.toString()) location.hash = `#/entity/${enc(m.dataset.entity)}`;
  });

  const claimList = h("div", { class: "claim-list" });
  const section = (title: string, list: Claim[]) => list.length === 0 ? null : [
    h("h3", null, `${title} (${list.length})`),
    list.map((c) => claimCard(c, { onSelect: choose, onReviewed: (next) => { const i = claims.findIndex((x) => x.id === next.id); if (i >= 0) claims[i] = next; if (selected?.id === next.id) selected = next; } })),
  ];
  put(claimList, 
    h("p", { class: "muted" }, "Select a claim to highlight its evidence (yellow) and its source (underlined) in the text."),
    section("Flows", doc.flows), section("Events", doc.events), section("Facts", doc.facts),
    claims.length === 0 ? h("p", { class: "empty" }, "No claims were extracted from this report.") : null);

  const legend = h("p", { class: "legend" },
    h("span", { class: "m m-actor" }, "actor ", ar("فاعل", "gloss-ar")), " ",
    h("span", { class: "m m-place" }, "place ", ar("مكان", "gloss-ar")), " ",
    h("span", { class: "hl-evidence" }, "evidence"), " ", h("span", { class: "hl-source" }, "source"), " ",
    h("span", { class: "hl-item" }, "item"));

  put(root, h("article", { class: "panel reader" },
    h("header", { class: "doc-head" },
      h("h1", null, auto(doc.title ?? "(untitled report)")),
      h("p", { class: "meta" },
        auto(doc.outlet ?? "unknown outlet"), doc.published ? ` · published ${fmtDate(doc.published)}` : "",
        ` · ${fmtNumber(doc.length)} characters · pipeline ${doc.pipeline}`,
        doc.url ? [" · ", h("a", { href: doc.url, class: "ext" }, "original ↗")] : null),
      doc.duplicateOf ? h("p", { class: "notice" }, "A near-duplicate of ", h("a", { href: `#/doc/${enc(doc.duplicateOf)}` }, "an earlier report"), ": not counted as an independent source.") : null,
      doc.copies.length > 1 ? h("p", { class: "muted" }, `Seen ${doc.copies.length} times: `, doc.copies.map((c, i) => [i ? "; " : "", auto(c.outlet ?? c.url ?? c.path ?? "?")])) : null,
      doc.nearDuplicates.length ? h("p", { class: "muted" }, "Near-duplicates: ", doc.nearDuplicates.map((d, i) => [i ? ", " : "", h("a", { href: `#/doc/${enc(d.id)}` }, auto(d.outlet ?? d.id))])) : null,
      legend),
    h("div", { class: "reader-body" }, claimList, textBox)));
  paint();
};

/** The list of reports: newest first, or ranked by a full-text query with highlighted snippets. */
export const documents: View = async (root, { params }) => {
  const q = params.get("q") ?? "";
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  const limit = 25;
  const form = h("form", { class: "filters" },
    h("label", null, "Words ", h("input", { type: "search", name: "q", value: q, dir: "auto", placeholder: "e.g. رشاوى or \"حاجز المعامل\"" })),
    h("button", { type: "submit" }, "Search"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const v = (form.querySelector("input") as HTMLInputElement).value.trim();
    location.hash = v ? `#/docs?q=${enc(v)}` : "#/docs";
  });
  const list = h("ol", { class: "doc-results", start: offset + 1 });
  let total = 0;
  if (q) {
    const page = await api.get<Page<SearchHit>>("/api/search", { q, limit, offset });
    total = page.total;
    for (const hit of page.items) put(list, h("li", null, docLine(hit.doc), snippet(hit.snippet.text, hit.snippet.highlights)));
  } else {
    const page = await api.get<Page<DocumentMeta>>("/api/documents", { limit, offset });
    total = page.total;
    for (const d of page.items) put(list, h("li", null, docLine(d)));
  }
  const pager = h("p", { class: "pager" },
    offset > 0 ? h("a", { href: `#/docs?${new URLSearchParams({ ...(q ? { q } : {}), offset: String(Math.max(0, offset - limit)) })}` }, "← newer") : null,
    ` ${total ? offset + 1 : 0}–${Math.min(total, offset + limit)} of ${fmtNumber(total)} `,
    offset + limit < total ? h("a", { href: `#/docs?${new URLSearchParams({ ...(q ? { q } : {}), offset: String(offset + limit) })}` }, "older →") : null);
  put(root, h("section", { class: "panel" }, h("h1", null, q ? "Search" : "Reports"), form, q ? null : addReportForm(),
    total === 0 ? h("p", { class: "empty" }, q ? "Nothing matches." : "No reports yet: add one above, or many with rasad ingest.") : list, pager));
};

/**
 * «Add a report»: paste a report's text (and what is known of where it came from); the server extracts and stores
 * it (POST /api/documents, an analyst's token) and the reader opens on it. A text stored already opens the stored one.
 */
function addReportForm(): HTMLElement {
  if (!canWrite()) return h("p", { class: "muted" }, "Adding a report needs an analyst token.");
  const field = (name: string, labelText: string, attrs: Record<string, string> = {}) =>
    h("label", null, labelText, " ", h("input", { name, dir: "auto", ...attrs }));
  const text = h("textarea", { name: "text", lang: "ar", dir: "rtl", rows: "8", required: "", "aria-label": "Report text", placeholder: "نص التقرير" }) as HTMLTextAreaElement;
  const msg = h("span", { class: "form-msg", role: "status" });
  const say = (t: string) => { clear(msg); put(msg, t); };
  const submit = h("button", { type: "submit" }, "Read and store") as HTMLButtonElement;
  const f = h("form", { class: "add-report" },
    text,
    h("div", { class: "filters" }, field("title", "Title"), field("outlet", "Outlet"), field("url", "URL", { type: "url", dir: "ltr" }),
      field("published", "Published", { type: "date" })),
    h("p", null, submit, " ", msg)) as HTMLFormElement;
  f.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const data = new FormData(f);
    const body: Record<string, string> = {};
    for (const k of ["text", "title", "outlet", "url", "published"]) {
      const v = String(data.get(k) ?? "");
      // the text goes as pasted (the spans point into it); the other fields trimmed
      if (v.trim()) body[k] = k === "text" ? v : v.trim();
    }
    if (!body.text) { say("The text is empty."); return; }
    submit.disabled = true;
    say("Reading…");
    api.post<{ id: string; status: string }>("/api/documents", body).then((r) => {
      toast(r.status === "duplicate" ? "This report was stored already: opening it." : "Report stored.");
      location.hash = `#/doc/${enc(r.id)}`;
    }, (err: unknown) => {
      submit.disabled = false;
      say(err instanceof ApiError ? `Not stored: ${err.message}` : `Not stored: ${String(err)}`);
    });
  });
  return h("details", { class: "add-report-box" }, h("summary", null, "Add a report"), f);
}

function docLine(d: DocumentMeta): HTMLElement {
  return h("p", { class: "doc-line" },
    h("a", { href: `#/doc/${enc(d.id)}` }, auto(d.title ?? d.id, "doc-title")),
    h("span", { class: "muted" }, " · ", auto(d.outlet ?? "unknown outlet"), d.published ? [" · ", h("span", { class: "date" }, fmtDate(d.published))] : "",
      d.duplicateOf ? " · near-duplicate" : ""));
}

/** A snippet with its matched words marked: the highlights are offsets, rendered as ranges, never as HTML. */
function snippet(text: string, highlights: Span[]): HTMLElement {
  const p = h("p", { class: "snippet", lang: "ar", dir: "rtl" });
  p.append(renderSpans(text, highlights.map((s) => ({ span: s, cls: "hit" }))));
  return p;
}

