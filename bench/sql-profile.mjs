// Where ingest's SQLite time goes, statement by statement: a CPU profile only sees one native frame for all of
// SQLite, so this times every better-sqlite3 statement (transactions' SAVEPOINT, RELEASE and COMMIT included)
// during an in-process ingest (--workers 0) into a temporary store.
//
//   node bench/sql-profile.mjs [--docs N] [--scale K] [--input FILE] [--top N]
//
// --docs: the first N documents (default 3,000; 0 = all) of the corpus, or of its K× replica with --scale K (see
// lib.mjs). Beside the totals, each statement's time per document in the first and the last fifth of the run:
// a statement whose cost grows with the store is what makes ingest slower than linear.
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { lines, replica, writeLines } from "./lib.mjs";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const opts = { docs: 3000, scale: 1, input: process.env.RASAD_BENCH_CORPUS || join(ROOT, "..", "shared", "data", "corpus", "ant", "antcorpus_v1.1.jsonl"), top: 25 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--docs") opts.docs = Number(argv[++i]);
  else if (argv[i] === "--input") opts.input = argv[++i];
  else if (argv[i] === "--scale") opts.scale = Math.max(1, Number(argv[++i]) | 0);
  else if (argv[i] === "--top") opts.top = Number(argv[++i]);
  else { console.error(`sql-profile: unknown option ${argv[i]}`); process.exit(2); }
}

// every prepared statement shares the addon's Statement prototype: time its run/get/all/iterate per SQL text
const Database = createRequire(join(ROOT, "package.json"))("better-sqlite3");
const probe = new Database(":memory:");
const proto = Object.getPrototypeOf(probe.prepare("SELECT 1"));
probe.close();
const bySql = new Map();
const WINDOWS = 5;
let window = 0; // which fifth of the documents is being written (set as documents are inserted)
let inserted = 0, total = 0;
const perWindowDocs = new Array(WINDOWS).fill(0);
for (const method of ["run", "get", "all"]) {
  const orig = proto[method];
  proto[method] = function timed(...args) {
    const t = performance.now();
    try { return orig.apply(this, args); } finally {
      const key = this.source.replace(/\s+/g, " ").trim();
      if (key.startsWith("INSERT INTO documents ")) {
        inserted++;
        window = Math.min(WINDOWS - 1, Math.floor((inserted * WINDOWS) / Math.max(1, total)));
        perWindowDocs[window]++;
      }
      const s = bySql.get(key) ?? { calls: 0, ms: 0, win: new Array(WINDOWS).fill(0) };
      const dt = performance.now() - t;
      s.calls++; s.ms += dt; s.win[window] += dt;
      bySql.set(key, s);
    }
  };
}

const tmp = mkdtempSync(join(tmpdir(), "rasad-sqlprof-"));
try {
  // the input: the first --docs documents of the corpus or of its replica
  const records = [];
  for await (const line of lines(opts.input)) {
    const json = JSON.parse(line);
    records.push({ line, json, text: typeof json.text === "string" ? json.text : "" });
  }
  const input = join(tmp, "input.jsonl");
  const all = [...replica(records, opts.scale)];
  const chosen = opts.docs > 0 ? all.slice(0, opts.docs) : all;
  total = chosen.length;
  await writeLines(input, chosen);
  records.length = 0; all.length = 0;
  const { openStore } = await import(new URL("../dist/store/index.js", import.meta.url).href);
  const { ingest } = await import(new URL("../dist/ingest/index.js", import.meta.url).href);
  const store = await openStore(join(tmp, "profile.db"));
  const t0 = performance.now();
  const s = await ingest([input], { store, workers: 0 });
  const wall = performance.now() - t0;
  await store.close();

  const rows = [...bySql.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const sqlMs = rows.reduce((n, [, v]) => n + v.ms, 0);
  console.log(`ingest --workers 0: ${s.read} read, ${s.ingested} new, ${s.duplicates} dup, ${s.failed} failed in ${(wall / 1000).toFixed(1)} s; ` +
    `SQLite statements ${(sqlMs / 1000).toFixed(1)} s (${((100 * sqlMs) / wall).toFixed(0)}%)\n`);
  const perDoc = (v, w) => (perWindowDocs[w] ? (1000 * v.win[w]) / perWindowDocs[w] : 0);
  console.log(`${"total ms".padStart(9)} ${"%".padStart(5)} ${"calls".padStart(8)} ${"µs/call".padStart(8)} ${"µs/doc first⅕".padStart(14)} ${"last⅕".padStart(7)}  statement`);
  for (const [sql, v] of rows.slice(0, opts.top)) {
    console.log(`${v.ms.toFixed(0).padStart(9)} ${((100 * v.ms) / wall).toFixed(1).padStart(5)} ${String(v.calls).padStart(8)} ${((1000 * v.ms) / v.calls).toFixed(0).padStart(8)} ` +
      `${perDoc(v, 0).toFixed(0).padStart(14)} ${perDoc(v, WINDOWS - 1).toFixed(0).padStart(7)}  ${sql.slice(0, 100)}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
