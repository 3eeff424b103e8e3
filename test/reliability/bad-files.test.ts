// Bad files through `rasad ingest` as a user runs it (issue 7, part 2): binaries, archives, cut and mislabelled
// text, empty files, markup bombs, a huge JSON line, a bad line among good ones, link loops. Each bad file gets a
// clear error naming the file and the cause, in the run's output and in the store's failures table; the batch goes
// on; the good files are stored whole; nothing is stored for a bad one; nothing crashes or hangs.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import iconv from "iconv-lite";
import Database from "better-sqlite3";
import { openSqliteStore } from "../../src/store/index.js";
import { buildServer } from "../../src/server/index.js";
import { checkIntegrity } from "../ingest/snapshot.js";

const ROOT = resolve(__dirname, "../..");
const NODE_ARGS = ["--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, "src", "cli", "index.ts")];
/** No run may take longer than this: a hang is killed and fails the test. */
const RUN_LIMIT_MS = 240_000;

function rasad(args: string[]) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, encoding: "utf8", timeout: RUN_LIMIT_MS, maxBuffer: 64 << 20 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: performance.now() - t0 };
}

// ---------- our own reports ----------

const GOOD_1 = "قالت مصادر محلية إن عناصر الفرقة الرابعة تتقاضى رشاوى من سائقي الشاحنات على حاجز المعامل مقابل السماح لهم بالمرور.\n";
const GOOD_2 = "أفاد ناشطون بأن خلايا تنظيم داعش هاجمت دورية لقوات النظام قرب مدينة السخنة، ما أدى إلى مقتل ثلاثة عناصر.\n";
const LINE_A = "وقال مسؤول محلي إن الميليشيات فرضت إتاوات شهرية على تجار الخردة في مدينة الميادين.";
const LINE_C = "وذكرت شبكة محلية أن الحرس الثوري نقل شحنة أسلحة عبر معبر البوكمال إلى مستودعات في ريف دير الزور.";
/** Three reports for the mislabelled files (distinct: an exact copy would be stored once). */
const CP1256 = [
  "أفادت مصادر محلية بأن ميليشيا الدفاع الوطني فرضت إتاوات على سائقي الشاحنات عند حاجز البوكمال، مقابل السماح لهم بالمرور.",
  "وقال تاجر من مدينة الميادين إن عناصر الحاجز يأخذون خمسين دولاراً عن كل سيارة محملة بالخضار.",
  "وأشار ناشطون إلى أن قوات النظام صادرت صهريجين من المحروقات قرب بلدة الشولا يوم الأحد الماضي.",
];
const CUT = "قالت مصادر خاصة إن التنظيم باع شحنة نفط خام لتجار من مدينة الرقة بأسعار منخفضة.";
const ATTR_TEXT = "وأكد مصدر طبي أن المستشفى تلقى شحنة أدوية من منظمة إغاثية عبر معبر باب الهوى.";

/** Deterministic bytes (a seeded generator), so a failure can be replayed. */
function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; b[i] = s >>> 24; }
  return b;
}

/** A UTF-8 encoding with the byte at `at` removed: the character there is cut short. */
function cutInside(text: string, at: number): Buffer {
  const b = Buffer.from(text);
  let i = at;
  while (b[i] < 0x80 || (b[i] & 0xc0) !== 0x80) i++; // a continuation byte
  return Buffer.concat([b.subarray(0, i), b.subarray(i + 1)]);
}

/** The bad files, the failure each must get, and words of the cause its message must give. */
interface Bad { name: string; item?: string; code: string; cause: RegExp }

let dir: string;
let db: string;
let run: ReturnType<typeof rasad>;
let summary: { read: number; ingested: number; failed: number; failures: { path: string; item: string; code: string; message: string }[] };

const BAD: Bad[] = [
  { name: "random.bin", code: "BINARY", cause: /binary, not text \(control bytes/ },
  { name: "photo.png", code: "BINARY", cause: /binary, not text \(a PNG file\)/ },
  { name: "tool", code: "BINARY", cause: /binary, not text \(an ELF executable file\)/ },
  { name: "reports.zip", code: "BINARY", cause: /a ZIP/ },
  { name: "reports.txt.gz", code: "BINARY", cause: /a gzip file/ },
  { name: "cut-at-the-end.txt", code: "BAD_ENCODING", cause: /ends inside a UTF-8 character: it was cut short \(truncated\)/ },
  { name: "cut-in-the-middle.txt", code: "BAD_ENCODING", cause: /UTF-8 with 1 broken character, the first at byte \d+: the file was cut or damaged/ },
  { name: "bom-but-windows-1256.txt", code: "BAD_ENCODING", cause: /byte-order mark but is not valid UTF-8/ },
  { name: "empty.txt", code: "EMPTY", cause: /empty \(0 bytes\)/ },
  { name: "whitespace.txt", code: "EMPTY", cause: /empty \(no text\)/ },
  { name: "nested-divs.html", code: "BAD_INPUT", cause: /not a readable page: elements nested more than 10,000 levels deep/ },
  { name: "nested-items.rss", code: "BAD_INPUT", cause: /not a readable feed: elements nested more than 10,000 levels deep/ },
  { name: "huge-attribute.html", code: "TOO_LARGE", cause: /over the size limit \(\d+ bytes; the limit is 10485760 \(--max-size\)\)/ },
  { name: "huge-line.jsonl", item: "L1", code: "TOO_LARGE", cause: /line 1: the document is over the size limit \(\d+ bytes of text/ },
  { name: "one-bad-line.jsonl", item: "L2", code: "BAD_JSON", cause: /line 2: not valid JSON/ },
  { name: "loops/self", code: "UNREADABLE", cause: /a loop of symbolic links/ },
];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "rasad-bad-"));
  const folder = join(dir, "in");
  const put = (name: string, data: string | Buffer) => writeFileSync(join(folder, name), data);
  mkdirSync(join(folder, "loops", "deeper"), { recursive: true });

  // good files
  put("good-1.txt", GOOD_1);
  put("good-2.txt", GOOD_2);
  put("one-bad-line.jsonl", [JSON.stringify({ id: "a", text: LINE_A }), `{"id": "b", "text": "سطر لم يكتمل`, JSON.stringify({ id: "c", text: LINE_C })].join("\n") + "\n");
  // mislabelled, but the bytes say what they are: read right
  put("meta-says-utf8.html", iconv.encode(`<html><head><meta charset="utf-8"><title>تقرير</title></head><body><p>${CP1256[0]}</p></body></html>`, "windows-1256"));
  put("meta-says-iso-8859-6.html", iconv.encode(`<html><head><meta charset="iso-8859-6"></head><body><p>${CP1256[1]}</p></body></html>`, "windows-1256"));
  put("xml-says-utf8.rss", iconv.encode(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>شبكة</title><item><title>إتاوات</title><description>${CP1256[2]}</description></item></channel></rss>`, "windows-1256"));
  put("xml-says-windows-1252.rss", iconv.encode(`<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>شبكة</title><item><title>حاجز</title><description>${CUT}</description></item></channel></rss>`, "windows-1256"));
  // a million entities: hostile, but a page; read in bounded time, its text as written
  put("million-entities.html", `<html><body><p>${ATTR_TEXT}</p><p>${"&amp;".repeat(1_000_000)}</p></body></html>`);

  // bad files
  // cut at its very end, inside the last character: a truncated file, its text incomplete
  put("cut-at-the-end.txt", Buffer.from(CUT.slice(0, -1)).subarray(0, Buffer.byteLength(CUT.slice(0, -1)) - 1)); // «…منخفضة» less the last byte of «ة»
  put("random.bin", noise(64 << 10, 7));
  put("photo.png", Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), noise(4096, 8)]));
  put("tool", Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), noise(4096, 9)]));
  // a zip holding a text file (stored, so the text shows in the bytes), and a gzipped report
  put("reports.zip", Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0, 0, 0, 0, 0]), Buffer.alloc(16), Buffer.from("a.txt"), Buffer.from(GOOD_1)]));
  put("reports.txt.gz", gzipSync(Buffer.from(GOOD_2)));
  put("cut-in-the-middle.txt", cutInside(CUT + "\n" + GOOD_1, 40));
  put("bom-but-windows-1256.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), iconv.encode(CP1256[0], "windows-1256")]));
  put("empty.txt", "");
  put("whitespace.txt", " \n\t\r\n\u00a0 \u2003\n");
  put("nested-divs.html", `<html><body>${"<div>".repeat(100_000)}${GOOD_1}${"</div>".repeat(100_000)}</body></html>`);
  put("nested-items.rss", `<?xml version="1.0"?><rss version="2.0"><channel><item><description>${GOOD_2}</description>${"<x>".repeat(100_000)}${"</x>".repeat(100_000)}</item></channel></rss>`);
  put("huge-attribute.html", `<html><body><p title="${"x".repeat(20 << 20)}">${ATTR_TEXT}</p></body></html>`);
  put("huge-line.jsonl", JSON.stringify({ id: "huge", text: (LINE_A + " ").repeat(Math.ceil((12 << 20) / Buffer.byteLength(LINE_A))) }) + "\n");
  // a folder linked back to its parent, and a link to itself
  symlinkSync("..", join(folder, "loops", "deeper", "up"));
  symlinkSync("self", join(folder, "loops", "self"));

  db = join(dir, "bad.db");
  run = rasad(["ingest", "--db", db, "--workers", "1", "--json", folder]);
  summary = JSON.parse(run.stdout || "{}");
}, RUN_LIMIT_MS + 60_000);

afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

const path = (name: string) => join(dir, "in", name);

describe("rasad ingest on a folder of bad files", () => {
  it("finishes (no hang, no crash), with exit 0, a JSON summary and nothing on stderr", () => {
    expect(run.signal, `killed after ${RUN_LIMIT_MS} ms`).toBeNull();
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    console.log(`bad files: rasad ingest took ${(run.ms / 1000).toFixed(1)} s (wall)`);
    expect(summary).toMatchObject({ failed: BAD.length, ingested: 9 });
  });

  it("gives each bad file a clear error naming the file and the cause, in the run's output", () => {
    const got = new Map(summary.failures.map((f) => [`${f.path}#${f.item}`, f]));
    for (const b of BAD) {
      const f = got.get(`${path(b.name)}#${b.item ?? ""}`);
      expect(f, b.name).toBeDefined();
      expect(f!.code, b.name).toBe(b.code);
      expect(f!.message, b.name).toContain(`file ${path(b.name)}`);
      expect(f!.message, b.name).toMatch(b.cause);
    }
    expect(summary.failures).toHaveLength(BAD.length);
  });

  it("records the same failures in the store's failures table, and serves them at /api/failures", async () => {
    const sqlite = new Database(db, { readonly: true });
    const rows = sqlite.prepare("SELECT path, item, code, message FROM failures ORDER BY path, item").all() as { path: string; item: string; code: string; message: string }[];
    sqlite.close();
    expect(rows.map((r) => `${r.path}#${r.item} ${r.code}`).sort()).toEqual(BAD.map((b) => `${path(b.name)}#${b.item ?? ""} ${b.code}`).sort());
    for (const r of rows) expect(r.message).toMatch(BAD.find((b) => path(b.name) === r.path)!.cause);
    const store = await openSqliteStore(db);
    const app = await buildServer(store);
    try {
      const res = await app.inject({ url: "/api/failures?limit=1000" });
      expect(res.statusCode).toBe(200);
      const body = res.json() as { total: number; items: { path: string; code: string; message: string }[] };
      expect(body.total).toBe(BAD.length);
      expect(body.items.find((f) => f.path === path("tool"))?.message).toMatch(/an ELF executable/);
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("stores the good files whole, mislabelled ones decoded by their bytes, and nothing of a bad file", () => {
    const sqlite = new Database(db, { readonly: true });
    const docs = sqlite.prepare("SELECT path, text FROM documents").all() as { path: string; text: string }[];
    const copies = sqlite.prepare("SELECT path FROM copies").all() as { path: string | null }[];
    sqlite.close();
    const byPath = new Map(docs.map((d) => [d.path, d.text]));
    expect(byPath.get(path("good-1.txt"))).toBe(GOOD_1);
    expect(byPath.get(path("good-2.txt"))).toBe(GOOD_2);
    expect(byPath.get(`${path("one-bad-line.jsonl")}#L1`)).toBe(LINE_A);
    expect(byPath.get(`${path("one-bad-line.jsonl")}#L3`)).toBe(LINE_C);
    ["meta-says-utf8.html", "meta-says-iso-8859-6.html", "xml-says-utf8.rss#1"].forEach((f, i) => expect(byPath.get(path(f)), f).toBe(CP1256[i]));
    expect(byPath.get(path("xml-says-windows-1252.rss#1"))).toBe(CUT);
    const entities = byPath.get(path("million-entities.html"))!;
    expect(entities.startsWith(ATTR_TEXT + "\n")).toBe(true);
    expect(entities.length).toBe(ATTR_TEXT.length + 1 + 1_000_000);
    // nothing is replaced by U+FFFD
    expect(docs).toHaveLength(9);
    for (const d of docs) expect(d.text).not.toContain("\uFFFD");
    // nothing of a bad file, as a document or as a copy; the files behind the loop were read once
    const stored = [...docs.map((d) => d.path), ...copies.map((c) => c.path)].filter((p): p is string => p !== null);
    for (const b of BAD.filter((x) => !x.item)) expect(stored.filter((p) => p.startsWith(path(b.name))), b.name).toEqual([]);
    expect(stored.some((p) => p.includes("/loops/"))).toBe(false);
    expect(checkIntegrity(db).problems).toEqual([]);
  });

  it("reads the 20 MB attribute when the size limit allows it: the text, not the attribute, in bounded time", () => {
    const db2 = join(dir, "big.db");
    const r = rasad(["ingest", "--db", db2, "--workers", "0", "--max-size", "64MB", "--json", path("huge-attribute.html")]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 1, ingested: 1, failed: 0 });
    const sqlite = new Database(db2, { readonly: true });
    const text = (sqlite.prepare("SELECT text FROM documents").get() as { text: string }).text;
    sqlite.close();
    expect(text).toBe(ATTR_TEXT);
    console.log(`bad files: a 20 MB attribute read in ${(r.ms / 1000).toFixed(1)} s (wall, with start-up)`);
  }, RUN_LIMIT_MS);
});
