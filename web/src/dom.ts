// Building DOM without HTML strings: every text from the store (article text, names, titles) goes in as a text node,
// so hostile text stays inert. Links accept only in-app routes (#…), this server's API (/api/…) and http(s) targets.

export type Child = Node | string | number | null | undefined | false | Child[];
type Handler = (ev: Event) => void;
export type Attrs = Record<string, string | number | boolean | Handler | null | undefined>;

const SAFE_URL = /^(#|\/api\/|https?:\/\/)/i;

/** A safe href: in-app routes, API downloads and http(s) links; anything else (javascript:, data:) becomes inert. */
export function safeHref(url: string | undefined | null): string | null {
  if (!url) return null;
  const u = url.trim();
  return SAFE_URL.test(u) ? u : null;
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs | null, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (typeof v === "function") {
        el.addEventListener(k.replace(/^on/, ""), v as Handler);
      } else if (k === "href") {
        const href = safeHref(String(v));
        if (href) el.setAttribute("href", href);
        if (href && /^https?:/i.test(href)) { el.setAttribute("rel", "noopener noreferrer"); el.setAttribute("target", "_blank"); }
      } else if (k === "class") {
        el.className = String(v);
      } else if (v === true) {
        el.setAttribute(k, "");
      } else {
        el.setAttribute(k, String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** Arabic text, isolated from the surrounding English (bidi) and set in the Arabic face. */
export function ar(text: string | undefined | null, cls = ""): HTMLElement {
  return h("bdi", { lang: "ar", dir: "rtl", class: `ar ${cls}`.trim() }, text ?? "");
}

/** Text in an unknown script (a title, an outlet): isolated, direction from its first strong letter. */
export function auto(text: string | undefined | null, cls = ""): HTMLElement {
  return h("bdi", { dir: "auto", class: cls || null }, text ?? "");
}

export function fmtNumber(n: number): string {
  return n.toLocaleString("en-US");
}

/** The date part of an ISO string. */
export function fmtDate(s: string | undefined | null): string {
  return s ? s.slice(0, 10) : "";
}

/** Appends children, skipping null, undefined and false (conditional parts of a view). */
export function put(el: Node, ...children: Child[]): void {
  append(el, children);
}
