// Reading formats: plain text, HTML pages, feeds, JSON and JSON lines; folders walked in a stable order.
import { describe, it, expect } from "vitest";
import { readFileSync, writeFileSync, mkdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import {
  readBuffer, readHtml, parseFeed, detectFormat, normalizePublished, listSources, readSources, DEFAULT_MAX_SIZE, type RawDoc,
} from "../../src/ingest/index.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { fixture, CORPUS, tempDir } from "./helpers.js";

const opts = { maxSize: DEFAULT_MAX_SIZE };
const docs = (rel: string) => readBuffer(readFileSync(fixture(rel)), fixture(rel), opts).map((r) => r.doc ?? r.failure);

describe("HTML pages", () => {
  it("take the main text and leave navigation, asides, footers and scripts out", () => {
    const [d] = docs("html/page-1.html") as RawDoc[];
    expect(d.text).toContain(R.r7.split(". ")[0]);
    expect(d.text).toContain("في ظل غياب أي تحرك من الأجهزة الأمنية في المنطقة.");
    for (const junk of ["الرئيسية", "الأكثر قراءة", "جميع الحقوق محفوظة", "tracker", "لا يُقرأ"]) expect(d.text).not.toContain(junk);
    expect(d.text.split("\n").length).toBeGreaterThanOrEqual(3); // one line per paragraph
  });

  it("take title, canonical URL, outlet and date from the page's metadata", () => {
    const [d] = docs("html/page-1.html") as RawDoc[];
    expect(d).toMatchObject({
      title: "الإفراج عن تاجر مواشٍ مقابل فدية", url: "https://sada.example/news/2024/05/ransom", outlet: "صدى الشرق",
      published: "2024-05-02T10:30:00+03:00", item: "",
    });
    const [d2] = docs("html/page-2-windows-1256.html") as RawDoc[];
    expect(d2).toMatchObject({ title: "مصادرة صهاريج نفط عند معبر الطبقة", outlet: "شبكة الفرات", published: "2024-05-03" });
    expect(d2.text).toContain("صادرت صهاريج نفط");
  });

  it("fall back to the body of a short page, and to the host name for the outlet", () => {
    const p = readHtml(`<html><head><link rel="canonical" href="https://www.qasioun.example/x"></head><body><nav>قائمة</nav><p>${R.rss2}</p></body></html>`);
    expect(p.text).toBe(R.rss2);
    expect(p.outlet).toBe("qasioun.example");
  });

  it("survive deep nesting without recursion", () => {
    const deep = "<div>".repeat(5000) + "نص في العمق" + "</div>".repeat(5000);
    expect(readHtml(`<html><body>${deep}</body></html>`).text).toContain("نص في العمق");
  });
});

describe("feeds", () => {
  it("read RSS items with their links, guids, dates (RFC 822 to ISO) and the channel as outlet", () => {
    const items = docs("feeds/feed.rss") as RawDoc[];
    expect(items.map((i) => i.text)).toEqual([R.rss1, R.rss2, R.rss3]);
    expect(items[0]).toMatchObject({
      title: "وصول أدوية إلى البوكمال", url: "https://badia.example/1", sourceId: "badia-1", outlet: "وكالة البادية",
      published: "2024-05-05T05:00:00.000Z", item: "1",
    });
  });

  it("read Atom entries (content or summary; published, else updated)", () => {
    const items = docs("feeds/feed.atom") as RawDoc[];
    expect(items.map((i) => i.text)).toEqual([R.atom1, R.atom2]);
    expect(items.map((i) => i.published)).toEqual(["2024-05-08T07:00:00Z", "2024-05-09T06:00:00Z"]);
    expect(items[1]).toMatchObject({ url: "https://jazira.example/a2", outlet: "نشرة الجزيرة السورية", sourceId: "urn:jazira:a2" });
  });

  it("refuse XML that is no feed", () => {
    expect(() => parseFeed("<?xml version='1.0'?><catalog><book/></catalog>")).toThrow(/not <rss> or <feed>/);
    const [r] = readBuffer(Buffer.from("<?xml version='1.0'?><catalog/>"), "x.xml", opts);
    expect(r.failure?.error.code).toBe("BAD_INPUT");
  });
});

describe("JSON and JSON lines", () => {
  it("read a list with the usual field names and their variants", () => {
    const items = docs("json/docs.json") as RawDoc[];
    expect(items.map((d) => d.text)).toEqual([R.j1, R.j2, R.j3]);
    expect(items[0]).toMatchObject({ sourceId: "j-1", url: "https://nahr.example/1", outlet: "نهر ميديا", published: "2024-04-01" });
    // docno, link, headline, date, source.name, body
    expect(items[2]).toMatchObject({ sourceId: "j-3", url: "https://hawar.example/3", title: "حملة اعتقالات", outlet: "حوار", published: "2024-04-03" });
  });

  it("read JSON lines, and report a bad line by its number without stopping", () => {
    const out = docs("json/docs.jsonl");
    expect(out).toHaveLength(5);
    expect((out[0] as RawDoc).item).toBe("L1");
    const bad = out[3] as { error: { code: string; input: { line?: number } } };
    expect(bad.error.code).toBe("BAD_JSON");
    expect(bad.error.input.line).toBe(4);
    expect((out[4] as { error: { code: string } }).error.code).toBe("MISSING_FIELD");
  });

  it("say which is wrong: not an object, text not a string, empty text, too large", () => {
    const lines = [JSON.stringify([1, 2]), JSON.stringify({ text: 42 }), JSON.stringify({ text: "" }), JSON.stringify({ text: "نص ".repeat(100) })];
    const out = readBuffer(Buffer.from(lines.join("\n")), "x.jsonl", { maxSize: 200 });
    expect(out.map((o) => o.failure?.error.code)).toEqual(["BAD_INPUT", "BAD_INPUT", "EMPTY", "TOO_LARGE"]);
  });

  it("read one JSON object, or a list under documents/items", () => {
    expect(readBuffer(Buffer.from(JSON.stringify({ text: R.l1 })), "one.json", opts)[0].doc?.text).toBe(R.l1);
    expect(readBuffer(Buffer.from(JSON.stringify({ items: [{ text: R.l1 }, { text: R.l3 }] })), "x.json", opts)).toHaveLength(2);
  });
});

describe("format, dates, size, folders", () => {
  it("detects the format from the name, else from the first characters", () => {
    expect(detectFormat("-", "<?xml version='1.0'?><rss version='2.0'><channel/></rss>")).toBe("feed");
    expect(detectFormat("-", "<!DOCTYPE html><html><body/></html>")).toBe("html");
    expect(detectFormat("-", '{"text":"a"}\n{"text":"b"}\n')).toBe("jsonl");
    expect(detectFormat("-", '[{"text":"a"}]')).toBe("json");
    expect(detectFormat("-", "{ نص يبدأ بقوس")).toBe("text");
    expect(detectFormat("notes", R.r1)).toBe("text");
    expect(detectFormat("a.json", '{"text":"a"}\n{"text":"b"}')).toBe("jsonl");
  });

  it("normalizes publication dates and drops unreadable ones", () => {
    expect(normalizePublished("2024-03-10")).toBe("2024-03-10");
    expect(normalizePublished("2024-03-10 08:15")).toBe("2024-03-10T08:15");
    expect(normalizePublished("٢٠٢٤-٠٣-١٠")).toBe("2024-03-10");
    expect(normalizePublished("Sun, 10 Mar 2024 08:00:00 +0300")).toBe("2024-03-10T05:00:00.000Z");
    expect(normalizePublished("1710000000")).toBe("2024-03-09T16:00:00.000Z");
    expect(normalizePublished("أمس")).toBeUndefined();
  });

  it("refuses a one-document file over the size limit", () => {
    const [r] = readBuffer(readFileSync(fixture("text/report-1.txt")), "r.txt", { maxSize: 100 });
    expect(r.failure?.error.code).toBe("TOO_LARGE");
    expect(r.failure?.error.message).toMatch(/--max-size/);
  });

  it("walks folders recursively in sorted order, skips dot-files, survives link loops and missing paths", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, "b", "c"), { recursive: true });
    writeFileSync(join(dir, "b", "c", "z.txt"), R.l1);
    writeFileSync(join(dir, "a.txt"), R.l3);
    writeFileSync(join(dir, ".hidden.txt"), "secret");
    symlinkSync(dir, join(dir, "b", "loop"));
    const { files, failures } = await listSources([dir, join(dir, "missing.txt")]);
    expect(files.map((f) => f.path.slice(dir.length))).toEqual(["/a.txt", "/b/c/z.txt"]);
    expect(failures.map((f) => f.error.code)).toEqual(["UNREADABLE"]);
    expect(failures[0].error.message).toMatch(/no such file or folder/);
  });

  it("reads the fixture corpus: 30 documents or failures, with progress up to the total size", async () => {
    const { files } = await listSources([CORPUS]);
    const all = [];
    for await (const r of readSources(files, opts)) all.push(r);
    expect(all).toHaveLength(30);
    expect(all.filter((r) => r.failure)).toHaveLength(9);
    // a file cut inside its last character is refused as truncated, not stored short
    const cut = all.find((r) => r.failure?.path.endsWith("truncated-utf8.txt"));
    expect(cut?.failure?.error).toMatchObject({ code: "BAD_ENCODING", message: expect.stringMatching(/cut short \(truncated\)/) });
    expect(all[all.length - 1].progress).toBe(files.reduce((n, f) => n + f.size, 0));
  });

  it("reads standard input as '-'", async () => {
    const { files } = await listSources(["-"]);
    const out = [];
    for await (const r of readSources(files, { ...opts, stdin: async () => Buffer.from(JSON.stringify({ text: R.l1 }) + "\n") })) out.push(r);
    expect(out.map((r) => r.doc?.text)).toEqual([R.l1]);
    expect(out[0].doc?.path).toBe("-");
  });
});
