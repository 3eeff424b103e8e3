// A claim as a card: what it says (Arabic names with English glosses), the words it rests on, on whose word, its
// review status, and the controls to confirm, reject or correct it. Shared by every view.
import { api, sendReview, enc, ApiError, type Claim, type EntityRef, type FlowClaim, type EventClaim, type FactClaim, type DocumentFull } from "./api.js";
import { h, put, ar, auto, clear, fmtDate, type Child } from "./dom.js";
import { chip, label, V } from "./labels.js";
import { canWrite, toast } from "./state.js";

export function entityLink(ref: EntityRef | null | undefined): HTMLElement {
  if (!ref) return h("span", { class: "entity unnamed" }, "(not named)");
  const arName = ref.name.ar;
  const enName = ref.name.en;
  return h("a", { class: `entity entity-${ref.kind}`, href: `#/entity/${enc(ref.key)}`, title: ref.key },
    arName ? ar(arName) : auto(enName ?? ref.key),
    arName && enName ? h("span", { class: "gloss" }, ` ${enName}`) : null);
}

const join = (refs: EntityRef[], sep = ", "): Child[] => refs.flatMap((r, i) => (i ? [sep, entityLink(r)] : [entityLink(r)]));

export function claimSentence(c: Claim): HTMLElement {
  if (c.kind === "flow") {
    const f = c as FlowClaim;
    return h("p", { class: "claim-sentence" },
      entityLink(f.giver), h("span", { class: "arrow", "aria-label": "gives to" }, " → "), entityLink(f.receiver), ": ",
      f.items.map((it) => chip("items", it.category)),
      f.mode ? [" ", h("span", { class: "mode" }, `(${label("modes", f.mode).en})`)] : null,
      f.via ? [" via ", entityLink(f.via)] : null,
      f.place ? [" at ", entityLink(f.place)] : null,
      f.exchangeFor.length ? h("span", { class: "muted" }, ` · in exchange for ${f.exchangeFor.length} other flow${f.exchangeFor.length > 1 ? "s" : ""}`) : null);
  }
  if (c.kind === "event") {
    const e = c as EventClaim;
    return h("p", { class: "claim-sentence" },
      chip("eventTypes", e.type), " ",
      e.agents.length ? join(e.agents) : h("span", { class: "muted" }, "(no agent named)"),
      e.targets.length ? [h("span", { class: "arrow" }, " → "), join(e.targets)] : null,
      e.places.length ? [" at ", join(e.places)] : null,
      e.killed !== undefined ? h("span", { class: "casualties" }, ` · ${e.killed} killed`) : null,
      e.injured !== undefined ? h("span", { class: "casualties" }, ` · ${e.injured} injured`) : null);
  }
  const f = c as FactClaim;
  return h("p", { class: "claim-sentence" },
    chip("factTypes", f.type), " ", entityLink(f.subject),
    f.object ? [" → ", entityLink(f.object)] : null,
    f.value !== undefined ? ` · ${f.value}` : null);
}

function statusBadge(c: Claim): HTMLElement {
  const text = c.status === "machine" ? "machine" : c.status;
  const icon = c.status === "confirmed" ? "✓ " : c.status === "rejected" ? "✗ " : c.status === "corrected" ? "✎ " : "";
  const by = c.review ? ` by ${c.review.reviewer}` : "";
  return h("span", { class: `status status-${c.status}`, title: c.review ? `${c.review.verdict} by ${c.review.reviewer} at ${c.review.at}` : "as extracted, not reviewed" },
    icon + text + by);
}

export function sourceLine(c: Claim): HTMLElement {
  const s = label("sourceKinds", c.source.kind);
  return h("p", { class: "claim-source" },
    h("span", { class: "label" }, "Source: "), s.en, s.ar ? [" ", ar(s.ar, "gloss-ar")] : null,
    c.source.text ? [" · «", ar(c.source.text), "»"] : null,
    c.modality ? [" · ", h("span", { class: `modality modality-${c.modality}` }, label("modalities", c.modality).en)] : null);
}

export interface CardOptions {
  /** Show the document (title, outlet, date) and a link to read the claim in it. */
  showDoc?: boolean;
  /** Clicking the card selects it (the reader highlights its evidence). */
  onSelect?: (c: Claim) => void;
  /** Called with the claim as the review left it. */
  onReviewed?: (c: Claim) => void;
  review?: boolean;
}

export function claimCard(c: Claim, opts: CardOptions = {}): HTMLElement {
  const card = h("article", {
    class: `claim claim-${c.kind} claim-${c.status}`, "data-claim-id": c.id, "data-status": c.status, tabindex: opts.onSelect ? 0 : null,
  });
  const render = (cl: Claim) => {
    clear(card);
    const selected = card.classList.contains("selected");
    card.className = `claim claim-${cl.kind} claim-${cl.status}${selected ? " selected" : ""}`;
    card.dataset.status = cl.status;
    put(card, 
      h("header", { class: "claim-head" },
        h("span", { class: "kind" }, cl.kind), statusBadge(cl),
        cl.date ? h("span", { class: "date" }, cl.date) : null,
        cl.time?.text ? h("span", { class: "muted" }, " · ", ar(cl.time.text)) : null),
      claimSentence(cl),
      h("blockquote", { class: "evidence", lang: "ar", dir: "rtl" }, cl.evidence.text),
      sourceLine(cl),
      cl.status === "corrected" && cl.machine ? machineLine(cl) : null,
      cl.review?.note ? h("p", { class: "review-note" }, "Note: ", auto(cl.review.note)) : null,
      opts.showDoc ? h("p", { class: "claim-doc" },
        h("a", { class: "read-link", href: `#/doc/${enc(cl.doc.id)}?claim=${enc(cl.id)}` }, "Read in context →"), " ",
        auto(cl.doc.title ?? cl.doc.id, "doc-title"), cl.doc.outlet ? [" · ", auto(cl.doc.outlet)] : null,
        cl.doc.published ? ` · ${fmtDate(cl.doc.published)}` : null) : null,
      opts.review !== false ? reviewControls(cl, (next) => { render(next); opts.onReviewed?.(next); }) : null,
    );
  };
  render(c);
  if (opts.onSelect) {
    const select = (ev: Event) => {
      if ((ev.target as HTMLElement).closest("button, a, select, input, label, form")) return;
      opts.onSelect!(c);
    };
    card.addEventListener("click", select);
    card.addEventListener("keydown", (ev) => { if ((ev as KeyboardEvent).key === "Enter") select(ev); });
  }
  return card;
}

function machineLine(c: Claim): HTMLElement {
  const parts = Object.entries(c.machine ?? {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v === null ? "none" : String(v)}`);
  return h("p", { class: "machine-said" }, "The machine said: ", auto(parts.join(" · ")));
}

function reviewControls(c: Claim, done: (c: Claim) => void): HTMLElement {
  const box = h("div", { class: "review-controls" });
  if (!canWrite()) {
    put(box, h("span", { class: "muted" }, "Reviewing needs an analyst token."));
    return box;
  }
  const send = async (verdict: "confirm" | "reject" | "correct", corrected?: Record<string, unknown>) => {
    for (const b of box.querySelectorAll("button")) b.disabled = true;
    try {
      const r = await sendReview(c.id, verdict, corrected);
      toast(`Claim ${verdict === "confirm" ? "confirmed" : verdict === "reject" ? "rejected" : "corrected"}.`);
      done(r.claim ?? { ...c, status: verdict === "confirm" ? "confirmed" : verdict === "reject" ? "rejected" : "corrected", review: r.review });
    } catch (err) {
      toast(err instanceof ApiError ? `Not saved: ${err.message}` : "Not saved.", true);
      for (const b of box.querySelectorAll("button")) b.disabled = false;
    }
  };
  put(box, 
    h("button", { type: "button", class: "btn-confirm", onclick: () => void send("confirm") }, "✓ Confirm"),
    h("button", { type: "button", class: "btn-reject", onclick: () => void send("reject") }, "✗ Reject"),
    h("button", { type: "button", class: "btn-correct", onclick: () => void openCorrection(c, box, (corr) => void send("correct", corr)) }, "✎ Correct…"),
  );
  return box;
}

/** Entities a correction may name: those of the claim's document (fetched once per document). */
const docEntities = new Map<string, Promise<EntityRef[]>>();
function entitiesOf(docId: string): Promise<EntityRef[]> {
  let p = docEntities.get(docId);
  if (!p) {
    p = api.get<DocumentFull>(`/api/documents/${enc(docId)}`).then((d) => d.entities);
    docEntities.set(docId, p);
  }
  return p;
}

function select(name: string, options: { value: string; text: string }[], current: string): HTMLSelectElement {
  const s = h("select", { name, "aria-label": name });
  for (const o of options) {
    const opt = h("option", { value: o.value }, o.text);
    if (o.value === current) opt.selected = true;
    s.append(opt);
  }
  return s;
}

const refText = (r: EntityRef) => [r.name.ar, r.name.en].filter(Boolean).join(" · ") || r.key;

async function openCorrection(c: Claim, box: HTMLElement, submit: (corr: Record<string, unknown>) => void): Promise<void> {
  if (box.querySelector("form")) return;
  const form = h("form", { class: "correction" });
  const fields: Child[] = [];
  let collect: () => Record<string, unknown>;
  if (c.kind === "flow") {
    const f = c as FlowClaim;
    const ents = await entitiesOf(c.doc.id).catch(() => [] as EntityRef[]);
    const actors = new Map<string, EntityRef>();
    for (const r of [...ents.filter((e) => e.kind === "actor"), f.giver, f.receiver]) if (r) actors.set(r.key, r);
    const opts = [{ value: "", text: "(not named)" }, ...[...actors.values()].map((r) => ({ value: r.key, text: refText(r) }))];
    const giver = select("giver", opts, f.giver?.key ?? "");
    const receiver = select("receiver", opts, f.receiver?.key ?? "");
    const mode = select("mode", V().modes.map((m) => ({ value: m.value, text: `${m.en} · ${m.ar}` })), f.mode ?? "transfer");
    const items = V().items.map((it) => {
      const cb = h("input", { type: "checkbox", name: "items", value: it.value });
      cb.checked = f.items.some((x) => x.category === it.value);
      return h("label", { class: "check" }, cb, ` ${it.en} `, ar(it.ar, "gloss-ar"));
    });
    fields.push(h("label", null, "Giver ", giver), h("label", null, "Receiver ", receiver), h("label", null, "Mode ", mode),
      h("fieldset", { class: "items" }, h("legend", null, "Items"), items));
    collect = () => {
      const out: Record<string, unknown> = {};
      const chosen = items.map((l) => l.querySelector("input")!).filter((i) => i.checked).map((i) => i.value);
      if ((giver.value || null) !== (f.giver?.key ?? null)) out.giver = giver.value || null;
      if ((receiver.value || null) !== (f.receiver?.key ?? null)) out.receiver = receiver.value || null;
      if (mode.value !== (f.mode ?? "")) out.mode = mode.value;
      const before = f.items.map((x) => x.category).sort().join(",");
      if (chosen.length && chosen.sort().join(",") !== before) out.items = chosen;
      return out;
    };
  } else if (c.kind === "event") {
    const e = c as EventClaim;
    const type = select("type", V().eventTypes.map((t) => ({ value: t.value, text: `${t.en} · ${t.ar}` })), e.type);
    const killed = h("input", { type: "number", name: "killed", min: 0, value: e.killed ?? "" });
    fields.push(h("label", null, "Type ", type), h("label", null, "Killed ", killed));
    collect = () => {
      const out: Record<string, unknown> = {};
      if (type.value !== e.type) out.type = type.value;
      const k = killed.value === "" ? null : Number(killed.value);
      if (k !== (e.killed ?? null)) out.killed = k;
      return out;
    };
  } else {
    const f = c as FactClaim;
    const type = select("type", V().factTypes.map((t) => ({ value: t.value, text: `${t.en} · ${t.ar}` })), f.type);
    fields.push(h("label", null, "Type ", type));
    collect = () => (type.value !== f.type ? { type: type.value } : {});
  }
  const msg = h("span", { class: "form-msg", role: "status" });
  form.append(...(fields as Node[]),
    h("div", { class: "form-buttons" },
      h("button", { type: "submit", class: "btn-save" }, "Save correction"),
      h("button", { type: "button", onclick: () => form.remove() }, "Cancel"), msg));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const corr = collect();
    if (Object.keys(corr).length === 0) { msg.textContent = "Nothing changed."; return; }
    submit(corr);
  });
  put(box, form);
}
