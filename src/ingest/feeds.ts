// RSS 2.0 and Atom feeds to documents: one per item, with its link, date and the feed's title as the outlet.
import { DOMParser } from "linkedom";
import { htmlFragmentToText, checkNesting } from "./html.js";

export interface FeedItem {
  text: string;
  title?: string;
  url?: string;
  published?: string;
  outlet?: string;
  sourceId?: string;
}

interface El { tagName: string; textContent: string | null; getAttribute(n: string): string | null; getElementsByTagName(n: string): ArrayLike<El>; children: ArrayLike<El> }

function child(el: El, ...names: string[]): El | undefined {
  for (const name of names) {
    // direct children only: an item's <title> is not its enclosure's
    for (let i = 0; i < el.children.length; i++) if (el.children[i].tagName.toLowerCase() === name) return el.children[i];
  }
  return undefined;
}
const textOf = (el: El | undefined) => el?.textContent?.trim() || undefined;

/** True if the text looks like a feed (checked on its first bytes). */
export function isFeed(head: string): boolean {
  return /<rss[\s>]|<feed[\s>][^]*?xmlns=["']http:\/\/www\.w3\.org\/2005\/Atom|<rdf:RDF[\s>]/i.test(head.slice(0, 4096));
}

/** Items of a feed; throws when the XML holds neither an RSS channel nor an Atom feed. */
export function parseFeed(xml: string): FeedItem[] {
  checkNesting(xml, false);
  const doc = new DOMParser().parseFromString(xml, "text/xml") as unknown as { documentElement: El | null };
  const root = doc.documentElement;
  if (!root) throw new Error("no XML root element");
  const tag = root.tagName.toLowerCase();
  const out: FeedItem[] = [];
  if (tag === "rss" || tag === "rdf:rdf") {
    const channel = child(root, "channel") ?? root;
    const outlet = textOf(child(channel, "title"));
    const items = root.getElementsByTagName("item");
    for (let i = 0; i < items.length; i++) {
      const it = items[i];
      const body = textOf(child(it, "content:encoded")) ?? textOf(child(it, "description")) ?? "";
      out.push(clean({
        text: htmlFragmentToText(body), title: strip(textOf(child(it, "title"))), url: textOf(child(it, "link")),
        published: textOf(child(it, "pubdate", "dc:date")), outlet, sourceId: textOf(child(it, "guid")),
      }));
    }
    return out;
  }
  if (tag === "feed") {
    const outlet = strip(textOf(child(root, "title")));
    const entries = root.getElementsByTagName("entry");
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      let url: string | undefined;
      const links = e.getElementsByTagName("link");
      for (let j = 0; j < links.length; j++) {
        const rel = links[j].getAttribute("rel");
        if (!rel || rel === "alternate") { url = links[j].getAttribute("href") ?? undefined; break; }
      }
      const body = textOf(child(e, "content")) ?? textOf(child(e, "summary")) ?? "";
      out.push(clean({
        text: htmlFragmentToText(body), title: strip(textOf(child(e, "title"))), url,
        published: textOf(child(e, "published", "updated")), outlet, sourceId: textOf(child(e, "id")),
      }));
    }
    return out;
  }
  throw new Error(`the root element is <${root.tagName}>, not <rss> or <feed>`);
}

function strip(s: string | undefined): string | undefined {
  return s === undefined ? undefined : htmlFragmentToText(s) || undefined;
}
function clean(x: FeedItem): FeedItem {
  for (const k of Object.keys(x) as (keyof FeedItem)[]) if (x[k] === undefined) delete x[k];
  return x;
}
