// One benchmark row in its own process, so that its peak RSS is its own. Usage:
//   node bench/child.mjs floor   <file.jsonl>        read, decode, split lines, JSON.parse, one tokenizing regex
//   node bench/child.mjs extract <file.jsonl>        the same reading, then extract() on every document
//   node bench/child.mjs cli     <rasad args...>     bin/rasad.js in this process (its worker threads count too)
//   node bench/child.mjs noop                        nothing: node's own start-up
// On exit it writes {maxRssMB, cpuUserS, cpuSystemS, lifeS, ...row fields} as JSON to the file named by
// $BENCH_RESULT (stdout stays the row's own: `rasad ingest --json` prints its summary there).
import { createReadStream, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const resultPath = process.env.BENCH_RESULT;
const extra = {};

// A timeline: the time (since the process started) after every STEP documents, so that a long run shows whether
// its last part costs what its first did (a cost that grows with what is already stored makes it slower than
// linear), whatever the 1× row measured at another moment on a shared machine.
const STEP = 1000;
const marks = [];
let counted = 0;
function tick() {
  if (++counted % STEP === 0) marks.push(performance.now() / 1000);
}
/**
 * Seconds per tenth of the run, from the first mark to the last (the start-up and the first STEP documents, with
 * the lexicon's compile, are left out); null under 11 marks.
 */
function tenths() {
  if (marks.length < 11) return null;
  const last = marks.length - 1;
  const at = (k) => marks[Math.round((k * last) / 10)];
  return Array.from({ length: 10 }, (_, k) => at(k + 1) - at(k));
}

process.on("exit", () => {
  if (!resultPath) return;
  const u = process.resourceUsage();
  writeFileSync(resultPath, JSON.stringify({
    // ru_maxrss: the process's peak resident set, worker threads included (they share it)
    maxRssMB: u.maxRSS / 1024,
    cpuUserS: u.userCPUTime / 1e6,
    cpuSystemS: u.systemCPUTime / 1e6,
    // since the process started (performance's time origin), node's own start-up included
    lifeS: performance.now() / 1000,
    tenthsS: tenths(),
    ...extra,
  }));
});

/**
 * Streams a JSONL file: 1 MiB chunks, a streaming UTF-8 decoder, lines split by hand (a line may straddle two
 * chunks), one JSON.parse per line. Never holds more than a chunk and one line of text.
 */
async function eachRecord(file, fn) {
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let rest = "";
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.decode(chunk, { stream: true });
    let from = 0;
    for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
      const line = text.slice(from, nl);
      from = nl + 1;
      if (line.length > 0) fn(JSON.parse(line));
    }
    rest = text.slice(from);
  }
  rest += decoder.decode();
  if (rest.trim().length > 0) fn(JSON.parse(rest));
}

// The floor's tokenizer: runs of letters, combining marks (harakat stay inside the word) and digits.
const TOKEN = /[\p{L}\p{M}\p{N}]+/gu;

async function floor(file) {
  const t0 = performance.now();
  let docs = 0, tokens = 0;
  await eachRecord(file, (o) => {
    docs++;
    const text = typeof o.text === "string" ? o.text : "";
    TOKEN.lastIndex = 0;
    while (TOKEN.exec(text) !== null) tokens++;
    tick();
  });
  Object.assign(extra, { docs, tokens, workS: (performance.now() - t0) / 1000 });
}

async function extractRow(file) {
  const t0 = performance.now();
  const { extract, PIPELINE_VERSION } = await import(new URL("../dist/extract/index.js", import.meta.url).href);
  const tImported = performance.now();
  let docs = 0, entities = 0, flows = 0, events = 0, facts = 0, failed = 0, firstS = 0;
  await eachRecord(file, (o) => {
    const text = typeof o.text === "string" ? o.text : "";
    if (text.trim() === "") return;
    const t = docs === 0 ? performance.now() : 0;
    docs++;
    try {
      const x = extract({ id: String(o.docno ?? docs), text, title: o.title || undefined, url: o.url || undefined, published: o.time || undefined, outlet: o.src || undefined });
      // counted so that the work cannot be skipped, and as a sanity check between runs
      entities += x.entities.length; flows += x.flows.length; events += x.events.length; facts += x.facts?.length ?? 0;
    } catch {
      failed++;
    }
    // the first document also compiles the lexicon
    if (docs === 1) firstS = (performance.now() - t) / 1000;
    tick();
  });
  Object.assign(extra, {
    docs, failed, entities, flows, events, facts, pipeline: PIPELINE_VERSION,
    importS: (tImported - t0) / 1000, firstDocS: firstS, workS: (performance.now() - t0) / 1000,
  });
}

/**
 * For the CLI rows' timeline: counts the documents the SQLite store inserts. Every better-sqlite3 statement shares
 * the addon's Statement prototype; its run() is wrapped (a string test per statement: noise next to SQLite).
 */
function countStoredDocuments() {
  let Database;
  try { Database = createRequire(new URL("../package.json", import.meta.url))("better-sqlite3"); } catch { return; }
  const probe = new Database(":memory:");
  const proto = Object.getPrototypeOf(probe.prepare("SELECT 1"));
  probe.close();
  const run = proto.run;
  const isDocumentInsert = new WeakMap();
  proto.run = function counted(...args) {
    const r = run.apply(this, args);
    let yes = isDocumentInsert.get(this);
    if (yes === undefined) { yes = /^\s*INSERT INTO documents\s*\(/i.test(this.source); isDocumentInsert.set(this, yes); }
    if (yes) tick();
    return r;
  };
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "floor") await floor(args[0]);
else if (mode === "extract") await extractRow(args[0]);
else if (mode === "cli") {
  countStoredDocuments();
  const bin = fileURLToPath(new URL("../bin/rasad.js", import.meta.url));
  process.argv = [process.argv[0], bin, ...args];
  await import(new URL("../bin/rasad.js", import.meta.url).href);
} else if (mode !== "noop") {
  console.error("usage: node bench/child.mjs floor|extract <file.jsonl> | cli <rasad args...>");
  process.exit(2);
}
