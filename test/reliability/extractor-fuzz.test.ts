// Hostile text through the whole extractor (issue 7, part 1): fast-check over `extract()` and over `rasad extract`
// on files, with arbitrary Unicode mixed into sentences built from the shipped lexicons' own forms, so that the
// grammar stages (frames, attribution, coreference, time, geocoding) run on it and not only the tokenizer. Then
// time against size: 1 MB tokens, 10 MB documents, 100k repetitions of one letter, and inputs built against each
// regular expression of src/extract and src/ingest that could backtrack.
//
// The text layer alone has its own ~127k cases in src/text/hostile.test.ts; this file adds ≥ 60,000 extractor cases.
import { describe, it, expect, afterAll } from "vitest";
import fc from "fast-check";
import ts from "typescript";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { extract } from "../../src/extract/index.js";
import { ExtractionSchema, type Extraction, type Span } from "../../src/contract/index.js";
import { loadLexicons, type LexEntry } from "../../src/lexicon/index.js";
import { declaredCharset, decode, detectFormat, normalizePublished, readBuffer, readHtml, isFeed } from "../../src/ingest/index.js";

const ROOT = resolve(__dirname, "../..");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");
const CLI = join(ROOT, "src", "cli", "index.ts");

/** Every extractor run on a generated input, counted for the closing line (issue 7 asks for ≥ 100k with the text layer's). */
let cases = 0;
let fuzzCpuMs = 0;
afterAll(() => {
  console.log(`extractor fuzz: ${cases.toLocaleString("en-US")} generated cases through extract(), ${(fuzzCpuMs / 1000).toFixed(1)} s CPU in the property runs`);
});

const cpuMs = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

// ---------- generators ----------

const LEX = loadLexicons();
const formsOf = (pred: (e: LexEntry) => boolean): string[] => {
  const out = LEX.filter(pred).flatMap((e) => e.forms);
  if (out.length === 0) throw new Error("fuzz: a lexicon slot has no forms (was a lexicon file renamed?)");
  return out;
};
const pick = (pred: (e: LexEntry) => boolean) => fc.constantFrom(...formsOf(pred));

/** Real forms by the role they play in a sentence. */
const W = {
  actor: pick((e) => e.kind === "actor"),
  place: pick((e) => e.kind === "place"),
  item: pick((e) => e.kind === "item"),
  flow: pick((e) => e.kind === "flow" && !["exchange", "via", "beneficiary"].includes(e.type)),
  connective: pick((e) => e.kind === "flow" && ["exchange", "via", "beneficiary"].includes(e.type)),
  event: pick((e) => e.kind === "event"),
  anonymous: pick((e) => e.kind === "source" && (e.type === "anonymous" || e.type === "media")),
  sourceHead: pick((e) => e.kind === "source" && ["person_head", "media_head", "org_head"].includes(e.type)),
  reportVerb: pick((e) => e.kind === "source" && e.type === "report_verb"),
  hedge: pick((e) => e.kind === "source" && (e.type === "hedge" || e.type === "denial")),
  time: pick((e) => e.kind === "time"),
  member: pick((e) => e.kind === "function" && (e.type === "member" || e.type === "actor_head")),
  placeHead: pick((e) => e.kind === "function" && e.type === "place_head"),
  number: fc.oneof(pick((e) => e.kind === "function" && e.type === "number"), fc.nat(1_000_000).map(String),
    fc.nat(99_999).map((n) => String(n).replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d))))),
  casualty: pick((e) => e.kind === "function" && (e.type === "casualty_killed" || e.type === "casualty_injured")),
  glue: fc.constantFrom("في", "من", "إلى", "على", "عن", "أن", "إن", "بأن", "قرب", "عند", "و", "ثم", "حيث", "الذي", "التي", "ما أدى إلى", "بحسب", "وفق"),
};

const code = (min: number, max: number) => fc.integer({ min, max }).map((c) => String.fromCharCode(c));
/** One hostile unit: every Arabic block, combining marks, lone surrogates and pairs, bidi controls, zero-width runs, NUL. */
const hostileUnit = fc.oneof(
  code(0x0600, 0x06ff), code(0x0750, 0x077f), code(0x08a0, 0x08ff), code(0xfb50, 0xfdff), code(0xfe70, 0xfeff),
  code(0x0300, 0x036f), code(0x1ab0, 0x1aff), code(0x20d0, 0x20ff), code(0x0610, 0x061a), code(0x064b, 0x065f),
  code(0xd800, 0xdfff), fc.constantFrom("😀", "𝕏", "\uD83D\uDE00\u064E", "\uDBFF\uDFFF"),
  code(0x202a, 0x202e), code(0x2066, 0x2069), fc.constantFrom("\u200E", "\u200F", "\u061C"),
  fc.array(fc.constantFrom("\u200B", "\u200C", "\u200D", "\u2060", "\uFEFF", "\u00AD"), { minLength: 1, maxLength: 30 }).map((a) => a.join("")),
  fc.constantFrom("\0", "\0\0\0", "ـ", "ـــ", "\n", "\r\n", "\r", "\t", "\u2028", "\u2029", "\u00A0", "«", "»", "“", "”", "\"", "(", ")", ".", "،", "؛", "؟", ":", "!", "…", "%", "٪"),
);
const hostileRun = fc.array(hostileUnit, { minLength: 1, maxLength: 6 }).map((a) => a.join(""));

/** A word, now and then with hostile characters glued before, inside or after it. */
const dressed = (w: fc.Arbitrary<string>) => fc.tuple(w, fc.nat(99), hostileRun, fc.nat(1000)).map(([word, roll, h, at]) => {
  if (roll < 80) return word;
  if (roll < 88) return h + word;
  if (roll < 95) return word + h;
  const i = at % (word.length + 1);
  return word.slice(0, i) + h + word.slice(i);
});

const spaced = (parts: string[]) => parts.filter((p) => p !== "").join(" ");
const opt = (a: fc.Arbitrary<string>) => fc.option(a, { nil: "", freq: 2 });

/** Sentences in the shapes the frames look for: a source says that an actor gave an item to another, at a place, for something. */
const TEMPLATES: fc.Arbitrary<string>[] = [
  // «قالت مصادر محلية إن عناصر الفرقة الرابعة تتقاضى رشاوى على حاجز ... مقابل السماح ...»
  fc.tuple(opt(W.reportVerb), opt(W.anonymous), opt(W.glue), opt(W.member), dressed(W.actor), dressed(W.flow), opt(W.number), dressed(W.item),
    opt(W.connective), opt(W.placeHead), dressed(W.place), opt(W.connective), opt(W.item), opt(W.actor), opt(W.time)).map(spaced),
  // «هاجمت خلايا داعش دورية لقوات النظام قرب السخنة ما أدى إلى مقتل 4 عناصر»
  fc.tuple(dressed(W.event), opt(W.member), dressed(W.actor), opt(W.glue), opt(W.actor), opt(W.glue), dressed(W.place), opt(W.casualty),
    opt(W.number), opt(W.member), opt(W.time), opt(W.hedge)).map(spaced),
  // «وأفاد أحد عناصر ... بأن ...»: person and outlet sources, hedges and denials
  fc.tuple(opt(W.sourceHead), opt(W.actor), dressed(W.reportVerb), opt(W.hedge), opt(W.glue), dressed(W.actor), dressed(W.flow), dressed(W.item),
    opt(W.glue), opt(W.actor), opt(W.place)).map(spaced),
  // word salad from every slot, to reach orders no template writes
  fc.array(dressed(fc.oneof(W.actor, W.place, W.item, W.flow, W.connective, W.event, W.anonymous, W.sourceHead, W.reportVerb, W.hedge,
    W.time, W.member, W.placeHead, W.number, W.casualty, W.glue)), { minLength: 1, maxLength: 24 }).map(spaced),
];
const END = fc.constantFrom(".", ". ", ".\n", "،", "\n\n", "؟ ", "!", " «", "» ", ":", "", "\u2029");
const sentence = fc.tuple(fc.oneof(...TEMPLATES), END).map(([s, e]) => s + e);

/** Reports of one to four sentences built from lexicon forms, hostile characters sprinkled in. */
const lexiconDoc = fc.array(sentence, { minLength: 1, maxLength: 4 }).map((a) => a.join(""));
/** Arbitrary Unicode, mostly hostile units, with a real word now and then so that tags still fire. */
const unicodeDoc = fc.array(fc.oneof({ weight: 5, arbitrary: hostileRun }, { weight: 1, arbitrary: fc.oneof(W.actor, W.flow, W.item, W.event, W.place) },
  { weight: 1, arbitrary: fc.constantFrom(" ", "  ", " ", "\n") }), { maxLength: 40, size: "medium" }).map((a) => a.join(""));
const binaryDoc = fc.string({ unit: "binary", maxLength: 200, size: "medium" });
const graphemeDoc = fc.string({ unit: "grapheme", maxLength: 80, size: "medium" });

// ---------- invariants (plain throws: they run tens of thousands of times) ----------

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
const splitsPair = (s: string, p: number) => p > 0 && p < s.length && isHigh(s.charCodeAt(p - 1)) && isLow(s.charCodeAt(p));

function fail(what: string, text: string): never {
  throw new Error(`${what} for ${JSON.stringify(text.length > 600 ? text.slice(0, 600) + "…" : text)}`);
}

/**
 * What the contract (../shared/eval/README.md §1, src/contract/extraction.ts) promises of any extraction: it parses;
 * every span is [start, end) inside the text as given and splits no surrogate pair; mentions and evidence are not
 * empty; a named source's `text` is the text under its span; every entity id is unique and every id a claim uses is
 * an entity of this output; exchange_for points at other flows.
 */
function checkExtraction(text: string, id: string, raw: unknown): Extraction {
  const parsed = ExtractionSchema.safeParse(raw);
  if (!parsed.success) fail(`breaks ExtractionSchema (${parsed.error.issues.slice(0, 2).map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")})`, text);
  const x = parsed.data;
  if (x.doc.id !== id) fail(`doc.id ${JSON.stringify(x.doc.id)} is not the input's`, text);
  const L = text.length;
  const span = (what: string, s: Span | undefined, nonEmpty = false) => {
    if (!s) return;
    const [a, b] = s;
    if (a > b || b > L) fail(`${what} [${a}, ${b}) outside [0, ${L}]`, text);
    if (nonEmpty && a === b) fail(`${what} [${a}, ${b}) is empty`, text);
    if (splitsPair(text, a) || splitsPair(text, b)) fail(`${what} [${a}, ${b}) splits a surrogate pair`, text);
  };
  const source = (what: string, s: { span?: Span; text?: string }) => {
    span(`${what} source`, s.span, true);
    if (s.span && s.text !== undefined && text.slice(s.span[0], s.span[1]) !== s.text) {
      fail(`${what} source text ${JSON.stringify(s.text)} is not the text under its span ${JSON.stringify(text.slice(s.span[0], s.span[1]))}`, text);
    }
  };
  const ids = new Set<string>();
  for (const e of x.entities) {
    if (ids.has(e.id)) fail(`entity id ${e.id} twice`, text);
    ids.add(e.id);
    if (e.mentions.length === 0) fail(`entity ${e.id} without a mention`, text);
    for (const m of e.mentions) span(`mention of ${e.id}`, m, true);
  }
  const ref = (what: string, key: string | null | undefined) => {
    if (key !== null && key !== undefined && !ids.has(key)) fail(`${what} ${key} is no entity of this output`, text);
  };
  x.flows.forEach((f, i) => {
    ref(`flow ${i} giver`, f.giver); ref(`flow ${i} receiver`, f.receiver); ref(`flow ${i} via`, f.via); ref(`flow ${i} place`, f.place);
    span(`flow ${i} evidence`, f.evidence, true);
    span(`flow ${i} trigger`, f.trigger);
    span(`flow ${i} time`, f.time?.span);
    for (const it of f.items) span(`flow ${i} item`, it.span);
    source(`flow ${i}`, f.source);
    for (const k of f.exchange_for ?? []) if (k >= x.flows.length || k === i) fail(`flow ${i} exchange_for ${k}`, text);
  });
  x.events.forEach((e, i) => {
    for (const a of [...e.agents, ...e.targets, ...e.places]) ref(`event ${i} party`, a);
    span(`event ${i} evidence`, e.evidence, true);
    span(`event ${i} trigger`, e.trigger);
    span(`event ${i} time`, e.time?.span);
    source(`event ${i}`, e.source);
  });
  (x.facts ?? []).forEach((f, i) => {
    ref(`fact ${i} subject`, f.subject); ref(`fact ${i} object`, f.object);
    span(`fact ${i} evidence`, f.evidence, true);
    source(`fact ${i}`, f.source);
  });
  return x;
}

/** Every 16th input with its output, re-extracted at the end in reverse order: same input, same output. */
const replay: { id: string; text: string; json: string }[] = [];

function runCase(text: string): void {
  const id = `fuzz-${cases}`;
  cases++;
  let raw: unknown;
  try {
    raw = extract({ id, text });
  } catch (err) {
    fail(`extract() threw ${(err as Error)?.stack ?? String(err)}`, text);
  }
  checkExtraction(text, id, raw);
  if (cases % 16 === 0) replay.push({ id, text, json: JSON.stringify(raw) });
}

/** A property found a counterexample: the tests that count cases or replay them have nothing to say then. */
let propertyFailed = false;

function property(gen: fc.Arbitrary<string>, runs: number): void {
  const t0 = cpuMs();
  try {
    fc.assert(fc.property(gen, (text) => { runCase(text); }), { numRuns: runs });
  } catch (err) {
    propertyFailed = true;
    throw err;
  } finally {
    fuzzCpuMs += cpuMs() - t0;
  }
}

describe("extract() on generated text", () => {
  it("sentences built from the lexicons' trigger, actor, place, item and source forms, hostile characters inside", () => {
    property(lexiconDoc, 30_000);
  }, 120_000);

  it("arbitrary Unicode: every Arabic block, combining marks, lone surrogates, bidi controls, zero-width runs, NUL", () => {
    property(unicodeDoc, 20_000);
  }, 120_000);

  it("arbitrary UTF-16 (binary) and grapheme strings", () => {
    property(binaryDoc, 6_000);
    property(graphemeDoc, 4_000);
  }, 120_000);

  it("is deterministic: a sample re-extracted after all the others, in reverse order, gives the same JSON", (ctx) => {
    if (propertyFailed) ctx.skip();
    expect(replay.length).toBeGreaterThan(3_000);
    const t0 = cpuMs();
    for (let i = replay.length - 1; i >= 0; i--) {
      const r = replay[i];
      const again = JSON.stringify(extract({ id: r.id, text: r.text }));
      if (again !== r.json) fail("a second extraction differs from the first", r.text);
    }
    fuzzCpuMs += cpuMs() - t0;
  }, 120_000);

  it("the property runs stayed within their budget: ≥ 60,000 cases in ≤ 40 s of CPU", (ctx) => {
    if (propertyFailed) ctx.skip();
    expect(cases).toBeGreaterThanOrEqual(60_000);
    // Budget from the brief (one core); CPU time, not wall time, so a busy neighbour does not count against it.
    expect(fuzzCpuMs).toBeLessThan(40_000);
  });

  it("inputs the properties once failed on stay fixed", () => {
    // Found by the lexicon sentences: a casualty count read from a decimal number («جرح 0.١», "0.1 wounded") was
    // emitted as injured: 0.1, which the contract (an integer) refuses, so ingest dropped the whole report.
    for (const text of ["جرح 0.١ مختطف الفرقة 17.", "قتل 3.7 عناصر من داعش في هجوم.", "قتل ٣٫٥ عناصر في هجوم لداعش."]) runCase(text);
  });

  it("the checker itself catches a span outside the text, a dangling id, and a source text that is not under its span", () => {
    const text = "قالت مصادر محلية إن داعش باع النفط.";
    const x = extract({ id: "self", text });
    const copy = () => JSON.parse(JSON.stringify(x)) as Extraction;
    expect(() => checkExtraction(text, "self", x)).not.toThrow();
    expect(x.flows.length).toBeGreaterThan(0);
    const a = copy(); a.flows[0].evidence = [0, text.length + 1];
    expect(() => checkExtraction(text, "self", a)).toThrow(/outside/);
    const b = copy(); b.flows[0].giver = "actor/nobody";
    expect(() => checkExtraction(text, "self", b)).toThrow(/no entity/);
    const c = copy(); c.flows[0].source = { kind: "anonymous", span: [5, 10], text: "مصدر" };
    expect(() => checkExtraction(text, "self", c)).toThrow(/source text/);
    expect(() => checkExtraction("😀", "p", { doc: { id: "p" }, entities: [{ id: "a", kind: "actor", mentions: [[0, 1]] }], flows: [], events: [] })).toThrow(/surrogate/);
  });
});

// ---------- `rasad extract` on files ----------

const NODE_ARGS = ["--import", pathToFileURL(TSX).href, CLI];

/** The newest modification time under src/ (code and lexicon data), in ms. */
function newestSource(dir = join(ROOT, "src")): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestSource(p) : statSync(p).mtimeMs);
  }
  return t;
}
const SOURCES_AT_START = newestSource();
/**
 * A child process loads src/ when it starts, this process loaded it before the property runs: in a working tree
 * that someone edits meanwhile the two extractors differ, so the comparison is only made when nothing changed (in
 * CI, always).
 */
function sourcesChanged(): boolean {
  const changed = newestSource() > SOURCES_AT_START;
  if (changed) console.warn("src/ changed during this run: the CLI's output is checked against the contract only, not against this process's extractor");
  return changed;
}
function rasad(args: string[]) {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, encoding: "utf8", timeout: 120_000, maxBuffer: 256 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("rasad extract on generated files", () => {
  const dir = mkdtempSync(join(tmpdir(), "rasad-fuzz-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("--jsonl FILE: one valid extraction per generated document, the same as in this process (ids hostile too)", () => {
    const mixed = fc.oneof({ weight: 3, arbitrary: lexiconDoc }, { weight: 2, arbitrary: unicodeDoc }, { weight: 1, arbitrary: binaryDoc });
    const docs = fc.sample(fc.record({ id: fc.oneof(fc.string({ unit: "binary", minLength: 1, maxLength: 12 }), fc.uuid()), text: mixed }), { numRuns: 1500 })
      // the CLI skips blank lines only; every generated document is one line of JSON
      .map((d, i) => ({ id: `${i}:${d.id}`, text: d.text }));
    const file = join(dir, "docs.jsonl");
    writeFileSync(file, docs.map((d) => JSON.stringify(d)).join("\n") + "\n");
    const r = rasad(["extract", "--jsonl", file]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    const sameSources = !sourcesChanged();
    expect(lines).toHaveLength(docs.length);
    lines.forEach((line, i) => {
      const out = JSON.parse(line) as Extraction & { error?: string };
      if (out.error) fail(`the CLI reported ${out.error}`, docs[i].text);
      checkExtraction(docs[i].text, docs[i].id, out);
      cases++;
      // a second process reads the same document the same way
      if (sameSources && JSON.stringify(out) !== JSON.stringify(extract(docs[i]))) fail("the CLI's extraction differs from this process's", docs[i].text);
    });
  }, 240_000);

  it("FILE --json: raw bytes with invalid UTF-8, a BOM and CRLF; a JSON document with escaped lone surrogates", () => {
    const [a, b, c] = fc.sample(lexiconDoc, { numRuns: 3 });
    const bad = [Buffer.from([0xff]), Buffer.from([0xc0, 0x80]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xe2, 0x82]), Buffer.from([0xf4, 0x90, 0x80, 0x80])];
    const files: [string, Buffer][] = [
      ["raw.txt", Buffer.concat([Buffer.from(a), ...bad.flatMap((x) => [x, Buffer.from(" " + b.slice(0, 40))])])],
      ["bom-crlf.txt", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(c.replace(/\n/g, "\r\n") + "\r\n\u202Eعكس\u202C\0")])],
      ["doc.json", Buffer.from(JSON.stringify({ id: "json-doc", text: `\uD800${a}\uDFFF${b}\uD83D` }))],
    ];
    for (const [name, bytes] of files) {
      const file = join(dir, name);
      writeFileSync(file, bytes);
      const r = rasad(["extract", file, "--json"]);
      expect(r.stderr, name).toBe("");
      expect(r.code, name).toBe(0);
      const out = JSON.parse(r.stdout);
      // what the command read: the file as UTF-8 (bad bytes become U+FFFD), or the "text" of a JSON document
      const read = name.endsWith(".json") ? { id: "json-doc", text: JSON.parse(bytes.toString("utf8")).text as string } : { id: file, text: bytes.toString("utf8") };
      checkExtraction(read.text, read.id, out);
      if (!sourcesChanged()) expect(JSON.stringify(out)).toBe(JSON.stringify(extract(read)));
      cases++;
    }
  }, 240_000);
});

// ---------- time against size ----------

/** CPU milliseconds of the best of `reps` runs (the least disturbed by a collection or a neighbour). */
function bestCpu(f: () => void, reps: number): number {
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = cpuMs();
    f();
    best = Math.min(best, cpuMs() - t0);
  }
  return best;
}

/**
 * CPU time at n and at 4n: linear code takes ~4 times as long, quadratic 16 times; the bound of 8 leaves room for
 * noise and still fails a quadratic path. A fast input is repeated (as often at both sizes) so that the smaller
 * measurement lasts ≥ 25 ms. The smallest of up to three ratios: a collection can spoil one, a quadratic never.
 */
function growth(build: (n: number) => string, n: number, run: (s: string) => unknown, reps = 2): number {
  const small = build(n), big = build(4 * n);
  run(small); // warm up the JIT on the shape
  let loops = 1;
  while (loops < 1024 && bestCpu(() => { for (let i = 0; i < loops; i++) run(small); }, 1) < 25) loops *= 2;
  let best = Infinity;
  for (let k = 0; k < 3 && best >= 8; k++) {
    const a = bestCpu(() => { for (let i = 0; i < loops; i++) run(small); }, reps);
    const b = bestCpu(() => { for (let i = 0; i < loops; i++) run(big); }, reps);
    best = Math.min(best, b / Math.max(a, 0.01));
    if (process.env.RASAD_SHOW_GROWTH) console.log(`growth ×${loops}: ${a.toFixed(1)} → ${b.toFixed(1)} ms CPU: ${(b / a).toFixed(2)}`);
  }
  return best;
}

/** extract() with the spans checked against the text, so a fast wrong answer cannot pass. */
function extractChecked(text: string): Extraction {
  return checkExtraction(text, "big", extract({ id: "big", text }));
}

/** A paragraph of our own, with evasive spellings, numbers, a checkpoint and a crossing, a bribe and a levy. */
const PARAGRAPH =
  "قال مصدر محلي لـ«رصد» إنّ عناصر من خـ ـلايـ ـا التنظيم فرضوا إتاوة قدرها ١٬٥٠٠ دولار على كل شاحنة خردة تمر عبر حاجز " +
  "الجسر في ريف دير الزور الشرقي، مقابل السماح لها بالعبور.\nوأضاف المصدر أن د.ا.عـ ـش يبيع الخردة لتجار من مناطق " +
  "سيطرة «قسد»، وأن ميليشيات حـ ـز ب الله تتقاضى 20% من قيمة الحمولة عند معبر البوكمال. وهاجمت خلايا داعش دورية لقوات النظام " +
  "قرب السخنة أمس، ما أدى إلى مقتل 4 عناصر.\n";
const paragraphs = (n: number) => PARAGRAPH.repeat(Math.ceil(n / PARAGRAPH.length));

describe("extract() at scale", () => {
  it("a 1 MB single token: one pass, and 4 times the length takes about 4 times as long", () => {
    const x = extractChecked("ب".repeat(1 << 20));
    expect(x.entities).toEqual([]);
    expect(growth((n) => "ب".repeat(n), 1 << 18, extractChecked)).toBeLessThan(8);
    // a token of a real name repeated without spaces, and one of harakat and tatweel between letters
    expect(growth((n) => "داعش".repeat(n / 4), 1 << 18, extractChecked)).toBeLessThan(8);
    expect(growth((n) => "بَـ".repeat(n / 3), 1 << 18, extractChecked)).toBeLessThan(8);
  }, 120_000);

  it("100k repetitions of one letter, as one word and as 100k words", () => {
    expect(growth((n) => "ب".repeat(n), 100_000, extractChecked)).toBeLessThan(8);
    expect(growth((n) => "ب ".repeat(n), 100_000 / 4, extractChecked)).toBeLessThan(8);
    expect(growth((n) => "و".repeat(n), 100_000, extractChecked)).toBeLessThan(8);
  }, 120_000);

  it("a 10 MB document: no throw, every span inside it, and 2.5 MB → 10 MB grows linearly", () => {
    const doc = paragraphs(10 << 20);
    expect(doc.length).toBeGreaterThanOrEqual(10 << 20);
    const quarter = paragraphs(10 << 18);
    extract({ id: "warm", text: quarter.slice(0, 1 << 16) });
    // extract() alone is timed; the output is checked after (the schema check of 130k claims is not the extractor's time)
    let x: unknown = null;
    let ratio = Infinity;
    for (let k = 0; k < 2 && ratio >= 8; k++) {
      x = null; // the last output is garbage before the next measurement
      const a = bestCpu(() => { extract({ id: "big", text: quarter }); }, 1);
      const b = bestCpu(() => { x = extract({ id: "big", text: doc }); }, 1);
      ratio = Math.min(ratio, b / a);
      if (process.env.RASAD_SHOW_GROWTH) console.log(`10 MB: ${a.toFixed(0)} → ${b.toFixed(0)} ms CPU: ${(b / a).toFixed(2)}`);
    }
    const flows = checkExtraction(doc, "big", x).flows;
    expect(ratio).toBeLessThan(8);
    // the frames held to the end of the document, not only its start
    expect(flows.length).toBeGreaterThan(1000);
    expect(Math.max(...flows.map((f) => f.evidence[1]))).toBeGreaterThan(doc.length - PARAGRAPH.length * 2);
  }, 300_000);

  it("names read by their heads (villages, titles, kunyas) in a 1 MB report grow linearly", () => {
    // each head makes a pattern mention the geocoder and the person rules look up: once a scan per mention (quadratic)
    const named =
      "وصل المدعو أبو خالد الديري إلى قرية الحويجة الشرقية قرب بلدة العشارة، حيث يدير الشيخ حسن العلي حاجزاً " +
      "للميليشيا يأخذ عنده إتاوة من سيارات قرية الزباري. ";
    expect(growth((n) => named.repeat(Math.ceil(n / named.length)).slice(0, n), 1 << 18, extractChecked, 1)).toBeLessThan(8);
  }, 120_000);

  it("a 512 kB document of real sentences takes about 4 times as long as a 128 kB one", () => {
    const pool = fc.sample(lexiconDoc, { numRuns: 2000, seed: 7 }).join("\n");
    expect(growth((n) => pool.repeat(Math.ceil(n / pool.length)).slice(0, n), 1 << 17, extractChecked, 1)).toBeLessThan(8);
  }, 120_000);
});

// ---------- regular expressions that could backtrack ----------

/** A regular expression literal in a source file, with its line. */
interface RegexSite { file: string; line: number; source: string; flags: string }

/** Every regex literal and `new RegExp(...)` in src/extract and src/ingest (the TypeScript parser, not a grep). */
function regexSites(): RegexSite[] {
  const out: RegexSite[] = [];
  for (const folder of ["extract", "ingest"]) {
    const dir = join(ROOT, "src", folder);
    for (const name of readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort()) {
      const path = join(dir, name);
      const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
          const lit = node.getText(sf);
          const end = lit.lastIndexOf("/");
          out.push({ file: relative(ROOT, path), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, source: lit.slice(1, end), flags: lit.slice(end + 1) });
        } else if (ts.isNewExpression(node) && node.expression.getText(sf) === "RegExp") {
          out.push({ file: relative(ROOT, path), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, source: `new RegExp(${node.arguments?.map((a) => a.getText(sf)).join(", ")})`, flags: "dynamic" });
        }
        ts.forEachChild(node, visit);
      };
      visit(sf);
    }
  }
  return out;
}

/**
 * Whether a pattern can repeat without bound (`*`, `+`, `{n,}`): only those can take more than constant time per
 * starting position, so only those can backtrack catastrophically. The rest are alternations of fixed words with
 * `?` at most: at most (pattern length) steps at each of the n positions.
 */
function unbounded(source: string): boolean {
  const s = source.replace(/\\./g, "x").replace(/\[[^\]]*\]/g, "x"); // escapes and classes are one unit each
  return /[*+]|\{\d+,\}/.test(s);
}

const SITES = regexSites();
/** The regex of a site, compiled from its source text, run as its code runs it (every match of a global one). */
function direct(key: string): (s: string) => unknown {
  const site = SITES.find((x) => `${x.file} /${x.source}/${x.flags}` === key);
  if (!site) return () => { throw new Error(`no regex ${key} in the sources`); };
  const re = new RegExp(site.source, site.flags);
  // an exec loop that keeps nothing: spreading matchAll would time the garbage collector on the kept matches
  return (s) => {
    if (!re.global) return re.exec(s) !== null;
    re.lastIndex = 0;
    let k = 0;
    for (let m = re.exec(s); m; m = re.exec(s)) { k++; if (m[0] === "") re.lastIndex++; }
    return k;
  };
}

/**
 * For each regex with an unbounded repeat: an input built against it at size n, and the function of rasad that runs
 * it. Keyed by file and the literal. A new such regex fails the coverage test below until it is given one here.
 */
const ADVERSARIAL: Record<string, { build: (n: number) => string; run: (s: string) => unknown; n: number }> = {
  // These two read lexicon values (a number word's value, a time word's offset), never the document; the document
  // is still built to reach them: a long number where a count is read, a long number before a time word.
  "src/extract/frames.ts /^\\d+$/": { build: (n) => "قتل " + "9".repeat(n) + "x مدنيين و" + "1,".repeat(n / 2) + "1 شخصا.", run: extractChecked, n: 100_000 },
  "src/extract/time.ts /^([+-]?\\d+)([dwmy])$/": { build: (n) => "قبل " + "1".repeat(n) + " يوما هاجمت داعش حاجزا الأسبوع الماضي.", run: extractChecked, n: 100_000 },
  // an unknown group's key («actor/~ميليشيات …») with a long first word, then «أخرى» (other)
  "src/extract/entities.ts /^actor\\/~\\S+ (اخري|اخر|اخرين|اخرون)(\\s|$)/": { build: (n) => `قالت مصادر إن ميليشيات ${"ب".repeat(n)} أخرى هاجمت حاجزا لميليشيات أخرى.`, run: extractChecked, n: 100_000 },
  // Three that read the notes of lexicon rows (data we review, not documents), timed on the regex itself
  "src/extract/entities.ts /\\bcapital ([a-z0-9-]+)/g": { build: (n) => "capital capital ".repeat(n / 32) + "capital " + "a-".repeat(n / 4) + "!", run: direct("src/extract/entities.ts /\\bcapital ([a-z0-9-]+)/g"), n: 200_000 },
  // a long list of quoted adjectives, the last one never closed
  "src/extract/entities.ts /adjective:\\s*((?:«[^»]+»[\\s,،و]*)+)/": { build: (n) => "adjective: " + "«ا» و".repeat(n / 10) + "«" + "ا".repeat(n / 2), run: direct("src/extract/entities.ts /adjective:\\s*((?:«[^»]+»[\\s,،و]*)+)/"), n: 200_000 },
  // Its input is the capture of the one above: closed «…» only. (On a run of «« never closed it is quadratic, which
  // is why it must never be given raw text.)
  // «الشرقي» (eastern): a word that looks like a place adjective; a 100k-letter one
  "src/extract/entities.ts /^ال.{2,}(ي|يه|يين|يون)$/": { build: (n) => `هاجمت داعش حاجزا في ريف ال${"ش".repeat(n)}ي${"ا".repeat(n / 4)}.`, run: extractChecked, n: 100_000 },
  "src/extract/entities.ts /^\\s*[اأإ]ل/": { build: (n) => " ".repeat(n) + "ب", run: direct("src/extract/entities.ts /^\\s*[اأإ]ل/"), n: 200_000 },
  "src/extract/entities.ts /«([^»]+)»/g": { build: (n) => "«ا» ،«««ب»".repeat(n / 10), run: direct("src/extract/entities.ts /«([^»]+)»/g"), n: 200_000 },
  // a line of whitespace between words, in an HTML page
  "src/ingest/html.ts /\\s+/g": { build: (n) => `<html><body><p>نص${" \t".repeat(n / 2)}x</p></body></html>`, run: (s) => readHtml(s), n: 200_000 },
  // `<meta` and `<?xml` without the attribute, over and over; only the first 2 kB are read
  "src/ingest/encoding.ts /<meta[^>]+charset\\s*=\\s*[\"']?([\\w-]+)/i": { build: (n) => "<meta charset ".repeat(n / 14), run: (s) => declaredCharset(Buffer.from(s)), n: 200_000 },
  "src/ingest/encoding.ts /<\\?xml[^>]+encoding\\s*=\\s*[\"']([\\w-]+)/i": { build: (n) => "<?xml encoding = ".repeat(n / 17), run: (s) => declaredCharset(Buffer.from(s)), n: 200_000 },
  // `<feed` with no Atom namespace after it, over and over; only the first 4 kB are read
  "src/ingest/feeds.ts /<rss[\\s>]|<feed[\\s>][^]*?xmlns=[\"']http:\\/\\/www\\.w3\\.org\\/2005\\/Atom|<rdf:RDF[\\s>]/i": { build: (n) => "<feed xmlns='x' ".repeat(n / 16), run: (s) => isFeed(s), n: 200_000 },
  // a date with a long fraction that fails at its end, read as an ISO date
  "src/ingest/read.ts /^\\d{4}(-\\d{2}(-\\d{2}([T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?)?)?)?$/": { build: (n) => "2024-03-10T08:00:00." + "1".repeat(n) + "+03:0x", run: (s) => normalizePublished(s), n: 200_000 },
};

/** The same inputs through the whole reader too (format detection, decoding, the JSON fields). */
const READER_INPUTS: [string, (n: number) => string, number][] = [
  ["a JSON document whose date has a long fraction", (n) => JSON.stringify({ text: "نص", published: "2024-03-10T08:00:00." + "1".repeat(n) + "+03:0x" }), 200_000],
  ["a head of repeated <meta and <feed", (n) => "<feed xmlns='x' <meta charset ".repeat(n / 30), 200_000],
  ["a page of whitespace", (n) => `<html><body><div>${"\n ".repeat(n / 2)}</div></body></html>`, 200_000],
  // «ال» in Windows-1256 bytes (C7 E1), read as Latin-1 so that the bytes are those
  ["text of «ال» repeated, decoded by guessing the code page", (n) => "\u00c7\u00e1 ".repeat(n / 3), 50_000],
];

describe("regular expressions of src/extract and src/ingest", () => {
  const sites = SITES;

  it("finds the regular expressions (the scan itself works)", () => {
    expect(sites.length).toBeGreaterThan(40);
    expect(sites.some((s) => s.file === "src/ingest/read.ts" && s.source.startsWith("^\\d{4}"))).toBe(true);
    expect(unbounded("^(ال)?تفتيش$")).toBe(false);
    expect(unbounded("[^a-z0-9]")).toBe(false);
    expect(unbounded("^\\d+$")).toBe(true);
    expect(unbounded("a{2,}")).toBe(true);
  });

  it("every regex that can repeat without bound has an input built against it here", () => {
    const keys = new Set(sites.filter((s) => s.flags === "dynamic" || unbounded(s.source)).map((s) => `${s.file} /${s.source}/${s.flags}`));
    const missing = [...keys].filter((k) => !(k in ADVERSARIAL));
    expect(missing, "add an adversarial input to ADVERSARIAL for each").toEqual([]);
    // and no stale entry: a regex that was changed must be looked at again
    expect(Object.keys(ADVERSARIAL).filter((k) => !keys.has(k))).toEqual([]);
  });

  for (const [key, { build, run, n }] of Object.entries(ADVERSARIAL)) {
    it(`${key}: time grows linearly on an input built against it`, () => {
      expect(() => run(build(n))).not.toThrow();
      expect(growth(build, n, run)).toBeLessThan(8);
    }, 60_000);
  }

  it("the bounded regexes of the extractor, all at once: their words and near-misses as 1 MB tokens and as 100k words", () => {
    // Every Arabic word that appears in an anchored alternation of src/extract, and each with a letter more.
    const words = new Set<string>();
    for (const s of sites.filter((x) => x.file.startsWith("src/extract/") && !unbounded(x.source))) {
      for (const w of s.source.match(/[\u0621-\u064a]{2,}/g) ?? []) { words.add(w); words.add(w + "ه"); words.add("و" + w); }
    }
    const list = [...words];
    expect(list.length).toBeGreaterThan(100);
    const asWords = (n: number) => { const out: string[] = []; for (let i = 0, len = 0; len < n; i++) { const w = list[i % list.length]; out.push(w); len += w.length + 1; } return out.join(" "); };
    const asToken = (n: number) => asWords(n).replace(/ /g, "");
    expect(growth(asWords, 1 << 16, extractChecked, 1)).toBeLessThan(8);
    expect(growth(asToken, 1 << 18, extractChecked)).toBeLessThan(8);
  }, 120_000);

  for (const [name, build, n] of READER_INPUTS) {
    it(`the reader on ${name}: time grows linearly`, () => {
      const read = (s: string) => {
        const buf = Buffer.from(s, s.startsWith("\u00c7") ? "latin1" : "utf8");
        const fmt = detectFormat("x", s);
        return [fmt, readBuffer(buf, "x", { maxSize: 64 << 20 }).length, decode(buf).encoding];
      };
      expect(growth(build, n, read)).toBeLessThan(8);
    }, 60_000);
  }

  it("the timing check itself rejects a quadratic algorithm", () => {
    const quadratic = (s: string) => { let k = 0; for (let i = 0; i < s.length; i++) for (let j = i; j >= 0 && s.charCodeAt(j) === 0x0628; j--) k++; return k; };
    expect(growth((n) => "ب".repeat(n), 1_500, quadratic)).toBeGreaterThan(8);
  });
});
