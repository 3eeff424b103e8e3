// An HTML page to one document: the main text (Readability over linkedom) and the page's metadata.
import { parseHTML } from "linkedom";
import { Readability } from "@mozilla/readability";

export interface PageDoc {
  text: string;
  title?: string;
  url?: string;
  outlet?: string;
  published?: string;
  lang?: string;
}

/** Elements that end a line of text. */
const BLOCK = new Set([
  "P", "DIV", "BR", "LI", "UL", "OL", "H1", "H2", "H3", "H4", "H5", "H6", "TR", "TABLE", "BLOCKQUOTE", "SECTION",
  "ARTICLE", "HEADER", "FOOTER", "PRE", "FIGURE", "FIGCAPTION", "DD", "DT", "HR", "ADDRESS", "MAIN", "ASIDE",
]);
const SKIP = new Set(["SCRIPT", "STYLE", "NOSCRIPT", "TEMPLATE", "SVG", "IFRAME", "OBJECT", "CANVAS", "HEAD"]);
/** Real article pages nest 20–60 elements deep. */
const MAX_READABILITY_DEPTH = 64;
const MAX_READABILITY_ELEMENTS = 50_000;
/** Below this, Readability's pick on a short page may be the navigation: the body is read instead. */
const MIN_ARTICLE_CHARS = 200;

interface DomNode { nodeType: number; nodeName: string; textContent: string | null; childNodes: ArrayLike<DomNode> }

/** Text of a DOM subtree with one line per block element; whitespace inside a line collapsed. Iterative (no recursion). */
export function textOf(root: DomNode): string {
  const lines: string[] = [];
  let line = "";
  const flush = () => { const t = line.replace(/\s+/g, " ").trim(); if (t) lines.push(t); line = ""; };
  const stack: (DomNode | "end")[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (n === "end") { flush(); continue; }
    if (n.nodeType === 3) { line += n.textContent ?? ""; continue; }
    if (n.nodeType !== 1 && n.nodeType !== 9 && n.nodeType !== 11) continue;
    const name = String(n.nodeName).toUpperCase();
    if (SKIP.has(name)) continue;
    const block = BLOCK.has(name);
    if (block) { flush(); stack.push("end"); }
    const kids = n.childNodes;
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]);
  }
  flush();
  return lines.join("\n");
}

/** The little of the DOM we use (the project compiles without the DOM library). */
interface DomEl { getAttribute(n: string): string | null; textContent: string | null; remove(): void }
interface Document {
  querySelector(s: string): DomEl | null;
  querySelectorAll(s: string): Iterable<DomEl>;
  documentElement: DomEl | null;
  body: unknown;
}

/** The deepest element nesting (iterative: a hostile page must not overflow the stack). */
function depthOf(root: DomNode): number {
  let max = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if (d > max) max = d;
    if (max > MAX_READABILITY_DEPTH) return max;
    const kids = n.childNodes;
    for (let i = 0; i < kids.length; i++) if (kids[i].nodeType === 1) stack.push([kids[i], d + 1]);
  }
  return max;
}

function meta(doc: Document, ...selectors: string[]): string | undefined {
  for (const s of selectors) {
    const el = doc.querySelector(s);
    const v = el?.getAttribute("content") ?? el?.getAttribute("datetime") ?? el?.getAttribute("href");
    if (v && v.trim()) return v.trim();
  }
  return undefined;
}

/** Reads a page. `baseUrl` (where it came from) is used when the page names no canonical URL. */
export function readHtml(html: string, baseUrl?: string): PageDoc {
  const { document } = parseHTML(html);
  const doc = document as unknown as Document;
  const url = meta(doc, 'link[rel="canonical"]', 'meta[property="og:url"]') ?? baseUrl;
  const published = meta(doc,
    'meta[property="article:published_time"]', 'meta[name="article:published_time"]', 'meta[itemprop="datePublished"]',
    'meta[name="pubdate"]', 'meta[name="publish-date"]', 'meta[name="date"]', 'meta[name="DC.date.issued"]', 'meta[name="dc.date"]',
    "time[datetime]");
  let outlet = meta(doc, 'meta[property="og:site_name"]', 'meta[name="application-name"]', 'meta[name="publisher"]');
  if (!outlet && url) { try { outlet = new URL(url).hostname.replace(/^www\./, ""); } catch { /* not a URL */ } }
  const lang = doc.documentElement?.getAttribute("lang") ?? undefined;
  let title = meta(doc, 'meta[property="og:title"]') ?? doc.querySelector("title")?.textContent?.trim() ?? undefined;

  let text = "";
  try {
    // Readability changes the DOM it reads: metadata is taken first. It slows down worse than quadratically with
    // nesting (2,000 nested divs: 47 s) and recurses, so hostile pages skip it and get the plain body text.
    if (depthOf(doc as unknown as DomNode) > MAX_READABILITY_DEPTH) throw new Error("too deep for Readability");
    const article = new Readability(doc as never, { charThreshold: 200, maxElemsToParse: MAX_READABILITY_ELEMENTS }).parse();
    if (article?.content && (article.textContent ?? "").trim().length >= MIN_ARTICLE_CHARS) {
      text = textOf(parseHTML(`<!doctype html><html><body>${article.content}</body></html>`).document as unknown as DomNode);
      if (!title && article.title) title = article.title;
    }
  } catch {
    text = "";
  }
  if (!text.trim()) {
    // a short page Readability will not take: the body's text, navigation and scripts left out
    const body = parseHTML(html).document as unknown as Document;
    for (const el of body.querySelectorAll("nav, header, footer, script, style, noscript, aside, form")) el.remove();
    text = textOf((body.body ?? body) as unknown as DomNode);
  }
  const out: PageDoc = { text };
  if (title) out.title = title;
  if (url) out.url = url;
  if (outlet) out.outlet = outlet;
  if (published) out.published = published;
  if (lang) out.lang = lang;
  return out;
}

/** HTML inside a feed item (escaped or CDATA) to plain text. */
export function htmlFragmentToText(fragment: string): string {
  if (!/[<&]/.test(fragment)) return fragment.trim();
  return textOf(parseHTML(`<!doctype html><html><body>${fragment}</body></html>`).document as unknown as DomNode);
}
