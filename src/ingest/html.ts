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
/**
 * Nodes of any kind (text too) above which Readability is skipped: linkedom makes one text node per entity, and
 * Readability reads textContent over and over, so a page of a million «&amp;» took a minute.
 */
const MAX_READABILITY_NODES = 100_000;
/**
 * Deeper markup is refused before it is parsed: linkedom's parser slows down quadratically with nesting (100,000
 * nested divs: 9 s to parse, 15 s to read). Browsers stop nesting at 512; no real page comes near this.
 */
export const MAX_MARKUP_DEPTH = 10_000;

/** HTML elements that have no end tag, and those whose end tag may be left out (they never nest unboundedly). */
const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
  "keygen", "command", "basefont", "frame", "isindex"]);
const OPTIONAL_END = new Set(["p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
  "caption", "rb", "rt", "rtc", "rp", "html", "head", "body"]);
const RAW_TEXT = new Set(["script", "style", "textarea", "title", "xmp", "plaintext", "noscript", "iframe", "noembed", "noframes"]);

const isNameChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x3a || c === 0x5f || c === 0x2e;

/**
 * How deep the elements of some markup nest, read from the tags alone in one pass (stops once past `limit`). In
 * HTML mode void elements and those with optional end tags do not count, and an end tag closes what is open down
 * to its element, as parsers do; in XML mode only `/>` closes at once.
 */
export function nestingDepth(markup: string, opts: { html: boolean; limit?: number }): number {
  const limit = opts.limit ?? Infinity;
  const open: string[] = [];
  const count = new Map<string, number>(); // open elements by name: an end tag with nothing open to close is ignored
  let max = 0;
  let i = markup.indexOf("<");
  while (i >= 0 && i < markup.length) {
    if (markup.startsWith("<!--", i) || markup.startsWith("<![CDATA[", i)) {
      const cdata = markup.charCodeAt(i + 2) === 0x5b;
      const e = markup.indexOf(cdata ? "]]>" : "-->", i + 4);
      if (e < 0) break;
      i = markup.indexOf("<", e + 3);
      continue;
    }
    const closing = markup.charCodeAt(i + 1) === 0x2f;
    let j = i + (closing ? 2 : 1);
    const from = j;
    while (j < markup.length && isNameChar(markup.charCodeAt(j))) j++;
    if (j === from) { i = markup.indexOf("<", i + 1); continue; } // «<» in text, «<!doctype», «<?xml»
    const name = opts.html ? markup.slice(from, j).toLowerCase() : markup.slice(from, j);
    const gt = markup.indexOf(">", j);
    if (gt < 0) break; // an unclosed tag runs to the end: nothing more nests
    const selfClosing = markup.charCodeAt(gt - 1) === 0x2f;
    if (closing) {
      if ((count.get(name) ?? 0) > 0) {
        for (;;) {
          const top = open.pop()!;
          count.set(top, count.get(top)! - 1);
          if (top === name) break;
        }
      }
    } else if (!selfClosing && !(opts.html && (VOID.has(name) || OPTIONAL_END.has(name)))) {
      open.push(name);
      count.set(name, (count.get(name) ?? 0) + 1);
      if (open.length > max) { max = open.length; if (max > limit) return max; }
      if (opts.html && RAW_TEXT.has(name)) {
        // its text is not markup: skip to its end tag (any case)
        let end = markup.indexOf("</", gt + 1);
        while (end >= 0 && markup.slice(end + 2, end + 2 + name.length).toLowerCase() !== name) end = markup.indexOf("</", end + 2);
        if (end < 0) break;
        i = end;
        continue;
      }
    }
    i = markup.indexOf("<", gt + 1);
  }
  return max;
}

/** Throws when markup nests deeper than a parser can take in reasonable time. */
export function checkNesting(markup: string, html: boolean): void {
  const depth = nestingDepth(markup, { html, limit: MAX_MARKUP_DEPTH });
  if (depth > MAX_MARKUP_DEPTH) {
    throw new Error(`elements nested more than ${MAX_MARKUP_DEPTH.toLocaleString("en-US")} levels deep (a markup bomb?); it is not parsed`);
  }
}

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

/** Whether a page is too deep or too big for Readability (iterative: a hostile page must not overflow the stack). */
function tooBigForReadability(root: DomNode): boolean {
  let nodes = 0;
  const stack: [DomNode, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [n, d] = stack.pop()!;
    if ((n.nodeType === 1 && d > MAX_READABILITY_DEPTH) || ++nodes > MAX_READABILITY_NODES) return true;
    const kids = n.childNodes;
    for (let i = 0; i < kids.length; i++) stack.push([kids[i], d + 1]);
  }
  return false;
}

function meta(doc: Document, ...selectors: string[]): string | undefined {
  for (const s of selectors) {
    const el = doc.querySelector(s);
    const v = el?.getAttribute("content") ?? el?.getAttribute("datetime") ?? el?.getAttribute("href");
    if (v && v.trim()) return v.trim();
  }
  return undefined;
}

/**
 * Reads a page. `baseUrl` (where it came from) is used when the page names no canonical URL. Throws (an Error
 * saying why) on a page nested too deep to parse.
 */
export function readHtml(html: string, baseUrl?: string): PageDoc {
  checkNesting(html, true);
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
  // Readability changes the DOM it reads: metadata is taken first. It slows down worse than quadratically with
  // nesting (2,000 nested divs: 47 s) and with text nodes, and recurses, so hostile pages skip it and get the plain
  // body text (read from this DOM, which Readability has not touched).
  const skip = tooBigForReadability(doc as unknown as DomNode);
  try {
    if (skip) throw new Error("too deep or too big for Readability");
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
    const body = skip ? doc : parseHTML(html).document as unknown as Document;
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
  checkNesting(fragment, true);
  return textOf(parseHTML(`<!doctype html><html><body>${fragment}</body></html>`).document as unknown as DomNode);
}
