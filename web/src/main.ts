// The workbench: a hash router over the views, the header (navigation, search, who is reviewing), and start-up.
import "@fontsource/noto-naskh-arabic/arabic-400.css";
import "@fontsource/noto-naskh-arabic/arabic-700.css";
import "./style.css";
import { startSession, reviewerName, setReviewerName, setStoredToken, ApiError } from "./api.js";
import { h, put, clear } from "./dom.js";
import { loadVocab } from "./labels.js";
import { setSession, getSession } from "./state.js";

export type View = (root: HTMLElement, ctx: { path: string[]; params: URLSearchParams }) => Promise<void | (() => void)>;

const VIEWS: { path: string; title: string; load: () => Promise<View> }[] = [
  { path: "", title: "Overview", load: async () => (await import("./views/overview.js")).overview },
  { path: "network", title: "Network", load: async () => (await import("./views/network.js")).network },
  { path: "map", title: "Map", load: async () => (await import("./views/map.js")).map },
  { path: "timeline", title: "Timeline", load: async () => (await import("./views/timeline.js")).timeline },
  { path: "docs", title: "Documents", load: async () => (await import("./views/reader.js")).documents },
  { path: "review", title: "Review", load: async () => (await import("./views/review.js")).review },
];
const HIDDEN: Record<string, { title: string; load: () => Promise<View> }> = {
  doc: { title: "Reader", load: async () => (await import("./views/reader.js")).reader },
  entity: { title: "Entity", load: async () => (await import("./views/entity.js")).entity },
};

let cleanup: (() => void) | void;
let navToken = 0;

function parseHash(): { path: string[]; params: URLSearchParams } {
  const raw = location.hash.replace(/^#\/?/, "");
  const [p, q] = raw.split("?", 2);
  return { path: p.split("/").filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } }), params: new URLSearchParams(q ?? "") };
}

async function route(): Promise<void> {
  const my = ++navToken;
  const { path, params } = parseHash();
  const name = path[0] ?? "";
  const def = VIEWS.find((v) => v.path === name) ?? HIDDEN[name];
  for (const a of document.querySelectorAll<HTMLAnchorElement>("#nav a")) {
    // The reader belongs under Documents; an entity page under no tab.
    const tab = name === "doc" ? "docs" : HIDDEN[name] ? null : name;
    a.classList.toggle("active", a.dataset.view === tab);
    if (a.classList.contains("active")) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current");
  }
  const app = document.getElementById("app")!;
  // Tests (and screen readers, via aria-busy) wait for data-ready on the view they asked for.
  delete app.dataset.ready;
  app.dataset.view = name || "overview";
  app.setAttribute("aria-busy", "true");
  if (cleanup) { try { cleanup(); } catch { /* a view that failed to start */ } cleanup = undefined; }
  clear(app);
  app.className = `view-${name || "overview"}`;
  if (!def) {
    app.append(h("section", { class: "panel" }, h("h1", null, "Not found"), h("p", null, "No such view. ", h("a", { href: "#/" }, "Back to the overview"))));
    app.dataset.ready = "error";
    app.removeAttribute("aria-busy");
    return;
  }
  document.title = `${def.title} · rasad رصد`;
  app.append(h("p", { class: "loading" }, "Loading…"));
  try {
    const view = await def.load();
    if (my !== navToken) return;
    const root = h("div", { class: "view" });
    const result = await view(root, { path: path.slice(1), params });
    if (my !== navToken) { if (result) result(); return; }
    clear(app);
    app.append(root);
    cleanup = result;
    app.dataset.ready = "true";
    app.removeAttribute("aria-busy");
  } catch (err) {
    if (my !== navToken) return;
    clear(app);
    const msg = err instanceof ApiError ? `${err.message}${err.ar ? ` — ${err.ar}` : ""}` : err instanceof Error ? err.message : String(err);
    app.append(h("section", { class: "panel error-panel" }, h("h1", null, "Something went wrong"), h("p", { class: "error" }, msg)));
    app.dataset.ready = "error";
    app.removeAttribute("aria-busy");
  }
}

function renderHeader(): void {
  const nav = document.getElementById("nav")!;
  clear(nav);
  for (const v of VIEWS) nav.append(h("a", { href: `#/${v.path}`, "data-view": v.path }, v.title));
  const form = document.getElementById("search") as HTMLFormElement;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const q = (document.getElementById("search-q") as HTMLInputElement).value.trim();
    location.hash = q ? `#/docs?q=${encodeURIComponent(q)}` : "#/docs";
  });
  renderSession();
}

function renderSession(): void {
  const box = document.getElementById("session")!;
  clear(box);
  const s = getSession();
  const role = s?.role ? `${s.role}${s.local ? " (this machine)" : ""}` : "read-only";
  const who = h("input", { id: "reviewer", type: "text", placeholder: "your name", value: reviewerName(), "aria-label": "Reviewer name", size: 12 });
  who.addEventListener("change", () => setReviewerName(who.value));
  put(box, 
    h("span", { class: `role role-${s?.role ?? "none"}`, title: "What this browser may do" }, role),
    s?.role && s.local ? h("label", { class: "reviewer" }, "Reviewer ", who) : null,
    h("button", {
      type: "button", class: "link-button", title: "Use a token made with `rasad token create`",
      onclick: () => {
        const t = window.prompt("Paste an access token (empty to forget the stored one):", "");
        if (t === null) return;
        setStoredToken(t.trim() || null);
        location.reload();
      },
    }, "token"),
  );
}

async function start(): Promise<void> {
  const app = document.getElementById("app")!;
  try {
    setSession(await startSession());
    await loadVocab();
  } catch (err) {
    clear(app);
    if (err instanceof ApiError && err.status === 401) {
      // This server wants a token even for reading (it listens beyond loopback).
      const input = h("input", { type: "password", name: "token", size: 40, "aria-label": "Access token", autocomplete: "off" });
      const form = h("form", { class: "filters" }, h("label", null, "Token ", input), h("button", { type: "submit" }, "Sign in"));
      form.addEventListener("submit", (ev) => { ev.preventDefault(); setStoredToken(input.value.trim() || null); location.reload(); });
      app.append(h("section", { class: "panel" }, h("h1", null, "A token is needed"),
        h("p", null, "This rasad server needs an access token to read. Ask its administrator for one (", h("code", null, "rasad token create --role viewer"), ")."), form));
      return;
    }
    const msg = err instanceof ApiError ? err.message : "The rasad server cannot be reached.";
    app.append(h("section", { class: "panel error-panel" }, h("h1", null, "Cannot start"), h("p", { class: "error" }, msg)));
    return;
  }
  renderHeader();
  window.addEventListener("hashchange", () => void route());
  await route();
}

void start();
