// Review: a queue of claims by status (what the machine said and nobody checked yet, or what was confirmed, rejected,
// corrected) with the controls to judge each, and the log of reviews. Reviews are stored apart from machine output.
import { api, enc, type Page, type Claim, type Review } from "../api.js";
import { h, put, ar, auto, fmtDate } from "../dom.js";
import { claimCard } from "../claims.js";
import { canWrite } from "../state.js";
import type { View } from "../main.js";

const STATUSES = [
  { value: "machine", text: "not reviewed" }, { value: "confirmed", text: "confirmed" }, { value: "corrected", text: "corrected" },
  { value: "rejected", text: "rejected" }, { value: "all", text: "all" },
];
const KINDS = [{ value: "flows", text: "flows" }, { value: "events", text: "events" }, { value: "facts", text: "facts" }];

export const review: View = async (root, { params }) => {
  const status = STATUSES.some((s) => s.value === params.get("status")) ? params.get("status")! : "machine";
  const kind = KINDS.some((k) => k.value === params.get("kind")) ? params.get("kind")! : "flows";
  const offset = Math.max(0, Number(params.get("offset") ?? 0) || 0);
  const limit = 20;
  const [page, log] = await Promise.all([
    api.get<Page<Claim>>(`/api/${kind}`, {
      status: status === "all" ? undefined : status, includeRejected: status === "all" ? true : undefined, limit, offset,
    }),
    api.get<Page<Review>>("/api/reviews", { limit: 30 }),
  ]);
  const link = (s: string, k: string, o = 0) => `#/review?status=${s}&kind=${k}${o ? `&offset=${o}` : ""}`;
  const tabs = (list: { value: string; text: string }[], current: string, make: (v: string) => string) =>
    h("p", { class: "tabs" }, list.map((x) => h("a", { href: make(x.value), class: x.value === current ? "active" : null, "aria-current": x.value === current ? "true" : null }, x.text)));

  put(root, h("div", { class: "columns review-columns" },
    h("section", { class: "panel" },
      h("h1", null, "Review ", ar("مراجعة", "gloss-ar")),
      h("p", { class: "muted" }, "Confirm, reject or correct what the machine read. Reviews are kept apart from the machine's output: they survive re-extraction and re-ingest, and they go into exports."),
      canWrite() ? null : h("p", { class: "notice" }, "This browser has no analyst token: claims can be read but not reviewed. Use the token button at the top right."),
      tabs(STATUSES, status, (v) => link(v, kind)), tabs(KINDS, kind, (v) => link(status, v)),
      h("p", { class: "muted" }, `${page.total} claim(s)`),
      page.items.length ? page.items.map((c) => claimCard(c, { showDoc: true })) : h("p", { class: "empty" }, "Nothing here."),
      h("p", { class: "pager" },
        offset > 0 ? h("a", { href: link(status, kind, Math.max(0, offset - limit)) }, "← previous") : null,
        ` ${page.total ? offset + 1 : 0}–${Math.min(page.total, offset + limit)} of ${page.total} `,
        offset + limit < page.total ? h("a", { href: link(status, kind, offset + limit) }, "next →") : null)),
    h("aside", { class: "panel" },
      h("h2", null, `Latest reviews (${log.total})`),
      log.items.length ? h("ol", { class: "review-log" }, log.items.map((r) => h("li", { class: `verdict-${r.verdict}` },
        h("strong", null, r.verdict), " by ", auto(r.reviewer), h("span", { class: "muted" }, ` · ${fmtDate(r.at)} ${r.at.slice(11, 16)}`), " · ",
        h("a", { href: `#/doc/${enc(r.docId)}?claim=${enc(r.claimId)}` }, `${r.kind} in context`),
        r.corrected ? h("div", { class: "muted" }, "changed: ", Object.keys(r.corrected).join(", ")) : null,
        r.note ? h("div", null, auto(r.note)) : null))) : h("p", { class: "empty" }, "No reviews yet."))));
};
