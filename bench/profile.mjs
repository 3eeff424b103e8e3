// Where extract() spends its time: runs the extract row (bench/child.mjs) under `node --cpu-prof` over the corpus
// and sums the profile's self time per function, mapped back to src/*.ts through dist's source maps.
//
//   node bench/profile.mjs [--quick] [--ingest] [--input FILE] [--top N] [--interval US]
//   node bench/profile.mjs --analyze FILE.cpuprofile [--top N]
//
// --quick: the first 1,000 documents. --ingest: profile `rasad ingest --workers 0` into a temporary store instead
// (everything in one thread: reading, hashing, extraction, validation, search text, the store's writes). Writes the .cpuprofile and a JSON summary to bench/results/profile/ (open
// the .cpuprofile in Chrome DevTools or speedscope for the flame graph); prints the tables.
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "bench", "results", "profile");
const DEFAULT_CORPUS = join(ROOT, "..", "shared", "data", "corpus", "ant", "antcorpus_v1.1.jsonl");

const opts = { quick: false, ingest: false, input: process.env.RASAD_BENCH_CORPUS || DEFAULT_CORPUS, top: 30, interval: 250, analyze: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === "--quick") opts.quick = true;
  else if (a === "--ingest") opts.ingest = true;
  else if (a === "--input") opts.input = argv[++i];
  else if (a === "--top") opts.top = Number(argv[++i]);
  else if (a === "--interval") opts.interval = Number(argv[++i]);
  else if (a === "--analyze") opts.analyze = argv[++i];
  else { console.error(`profile: unknown option ${a}`); process.exit(2); }
}

// ─── source maps: dist/**/*.js position → src/**/*.ts line ──────────────────────────────────────────────────
const maps = new Map();
function sourceMapOf(url) {
  if (maps.has(url)) return maps.get(url);
  let map = null;
  try {
    const file = fileURLToPath(url);
    if (existsSync(`${file}.map`)) {
      // the indentation of each compiled line: a line's first mapping is at its first non-blank column (at
      // column 0 the map answers with the previous line's last segment)
      const indent = readFileSync(file, "utf8").split("\n").map((l) => l.length - l.trimStart().length);
      map = { map: new SourceMap(JSON.parse(readFileSync(`${file}.map`, "utf8"))), dir: join(file, ".."), indent };
    }
  } catch { /* not a file URL, or no map */ }
  maps.set(url, map);
  return map;
}

/** "src/extract/tag.ts:42" for a 0-based line and column in a compiled file; the file's own path otherwise. */
function where(url, line, column) {
  if (!url) return "(native)";
  const m = url.startsWith("file://") ? sourceMapOf(url) : null;
  if (m) {
    const e = m.map.findEntry(line, column ?? m.indent[line] ?? 0);
    if (e && e.originalSource) {
      const src = e.originalSource.startsWith("file://") ? fileURLToPath(e.originalSource) : join(m.dir, e.originalSource);
      return `${relative(ROOT, src)}:${e.originalLine + 1}`;
    }
  }
  if (url.startsWith("file://")) {
    const p = fileURLToPath(url);
    return `${p.startsWith(ROOT) ? relative(ROOT, p) : p}:${line + 1}`;
  }
  return `${url}:${line + 1}`;
}

// ─── the profile ────────────────────────────────────────────────────────────────────────────────────────────
function analyze(file) {
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const keyOf = (n) => {
    const cf = n.callFrame;
    const name = cf.functionName || "(anonymous)";
    // (garbage collector), (program), (idle) and builtins have no url: keep them by name
    return cf.url ? `${name}\t${where(cf.url, cf.lineNumber, cf.columnNumber)}` : `${name}\t${cf.url || "(native)"}`;
  };
  const key = new Map(prof.nodes.map((n) => [n.id, keyOf(n)]));

  // self time: each sample's time delta goes to the node it hit
  const self = new Map(), total = new Map(), selfNode = new Map();
  let all = 0;
  for (let i = 0; i < prof.samples.length; i++) {
    const dt = (prof.timeDeltas[i + 1] ?? prof.timeDeltas[i] ?? 0) / 1000; // ms; the delta after a sample is its time
    const id = prof.samples[i];
    all += dt;
    selfNode.set(id, (selfNode.get(id) ?? 0) + dt);
    const k = key.get(id);
    self.set(k, (self.get(k) ?? 0) + dt);
    // total (inclusive) time: every function on the stack, once per sample even if recursive
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const kk = key.get(n);
      if (!seen.has(kk)) { seen.add(kk); total.set(kk, (total.get(kk) ?? 0) + dt); }
    }
  }

  // the hot lines inside each function (positionTicks, when V8 recorded them), mapped to src
  const lines = new Map();
  for (const n of prof.nodes) {
    if (!n.positionTicks || !n.callFrame.url) continue;
    const k = key.get(n.id);
    const ticks = n.positionTicks.reduce((s, t) => s + t.ticks, 0);
    const perTick = ticks > 0 ? (selfNode.get(n.id) ?? 0) / ticks : 0;
    const m = lines.get(k) ?? new Map();
    for (const t of n.positionTicks) {
      const w = where(n.callFrame.url, t.line - 1, null);
      m.set(w, (m.get(w) ?? 0) + t.ticks * perTick);
    }
    lines.set(k, m);
  }

  const idle = ["(idle)", "(program)"].reduce((s, name) => s + (self.get(`${name}\t(native)`) ?? 0), 0);
  const busy = all - idle;
  const rows = [...self.entries()].map(([k, ms]) => {
    const [name, loc] = k.split("\t");
    const hot = [...(lines.get(k) ?? new Map()).entries()].sort((a, b) => b[1] - a[1]).slice(0, 3).map(([l, t]) => ({ line: l, ms: t }));
    return { name, loc, selfMs: ms, selfPct: (100 * ms) / busy, totalMs: total.get(k) ?? 0, totalPct: (100 * (total.get(k) ?? 0)) / busy, hot };
  }).sort((a, b) => b.selfMs - a.selfMs);

  // self time per source file
  const perFile = new Map();
  for (const r of rows) {
    const f = r.loc.replace(/:\d+$/, "");
    perFile.set(f, (perFile.get(f) ?? 0) + r.selfMs);
  }
  const files = [...perFile.entries()].map(([file, ms]) => ({ file, selfMs: ms, selfPct: (100 * ms) / busy })).sort((a, b) => b.selfMs - a.selfMs);

  // the pipeline's stages, inclusive (STAGES in src/extract/pipeline.ts, and what runs around them)
  const STAGE_FUNCS = ["extractRow", "ingest", "prepare", "flush", "runTask", "safeParse", "nearKeys", "indexText", "fingerprint", "putDocuments", "readBuffer", "eachRecord", "extract", "makeDoc", "normalize", "tokenize", "splitSentences", "matchLexicon", "tagDoc", "findEntities", "geocode", "findFlows", "findEvents", "findFacts", "resolveTimes", "attribute", "toExtraction", "defaultLexicon"];
  const stages = [];
  for (const name of STAGE_FUNCS) {
    const hits = rows.filter((r) => r.name === name && (r.loc.startsWith("src/") || r.loc.startsWith("bench/")));
    if (hits.length === 0) continue;
    const best = hits.sort((a, b) => b.totalMs - a.totalMs)[0];
    stages.push({ name, loc: best.loc, totalMs: best.totalMs, totalPct: best.totalPct });
  }
  return { file, sampledMs: all, busyMs: busy, idleMs: idle, rows, files, stages };
}

// ─── the report ─────────────────────────────────────────────────────────────────────────────────────────────
function report(a, top) {
  const f = (x) => x.toFixed(x >= 100 ? 0 : 1);
  const pad = (s, n) => String(s).padEnd(n), lpad = (s, n) => String(s).padStart(n);
  const out = [];
  out.push(`profile ${relative(ROOT, a.file)} · ${f(a.busyMs)} ms on the CPU (idle and (program) left out: ${f(a.idleMs)} ms)`);
  out.push("");
  out.push(`top ${top} functions by self time`);
  out.push(`${lpad("self ms", 8)} ${lpad("self %", 6)} ${lpad("total %", 7)}  ${pad("function", 28)} where (hot lines)`);
  for (const r of a.rows.slice(0, top)) {
    const hot = r.hot.length ? `  (${r.hot.map((h) => `${h.line.replace(/^.*:/, ":")} ${f(h.ms)}`).join(", ")})` : "";
    out.push(`${lpad(f(r.selfMs), 8)} ${lpad(f(r.selfPct), 6)} ${lpad(f(r.totalPct), 7)}  ${pad(r.name.slice(0, 28), 28)} ${r.loc}${hot}`);
  }
  out.push("");
  out.push("self time per file");
  for (const x of a.files.slice(0, 15)) out.push(`${lpad(f(x.selfMs), 8)} ${lpad(f(x.selfPct), 6)}%  ${x.file}`);
  out.push("");
  out.push("stages, inclusive (total time with what they call)");
  for (const s of a.stages) out.push(`${lpad(f(s.totalMs), 8)} ${lpad(f(s.totalPct), 6)}%  ${pad(s.name, 16)} ${s.loc}`);
  return out.join("\n");
}

// ─── main ───────────────────────────────────────────────────────────────────────────────────────────────────
let file = opts.analyze;
if (!file) {
  if (!existsSync(join(ROOT, "dist", "extract", "index.js"))) { console.error("profile: run `npm run build` first"); process.exit(2); }
  mkdirSync(OUT, { recursive: true });
  let input = opts.input;
  const tmp = mkdtempSync(join(tmpdir(), "rasad-profile-"));
  if (opts.quick) {
    input = join(tmp, "corpus-1000.jsonl");
    const lines = [];
    let rest = "";
    for await (const chunk of createReadStream(opts.input, { encoding: "utf8" })) {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop();
      lines.push(...parts.filter((l) => l.length > 0));
      if (lines.length >= 1000) break;
    }
    writeFileSync(input, lines.slice(0, 1000).join("\n") + "\n");
  }
  const before = new Set(readdirSync(OUT));
  const t0 = performance.now();
  const row = opts.ingest ? ["cli", "ingest", "--db", join(tmp, "profile.db"), "--workers", "0", "-q", input] : ["extract", input];
  const r = spawnSync(process.execPath, ["--cpu-prof", "--cpu-prof-dir", OUT, "--cpu-prof-interval", String(opts.interval), join(ROOT, "bench", "child.mjs"), ...row], { cwd: ROOT, stdio: "inherit" });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) { console.error(`profile: the ${row[0] === "cli" ? "ingest" : "extract"} row failed (exit ${r.status})`); process.exit(1); }
  console.error(`profile: ${opts.ingest ? "ingest --workers 0" : "extract"} over ${relative(ROOT, input) || input} in ${((performance.now() - t0) / 1000).toFixed(1)} s under the profiler`);
  const made = readdirSync(OUT).filter((n) => n.endsWith(".cpuprofile") && !before.has(n));
  if (made.length === 0) { console.error("profile: node wrote no .cpuprofile"); process.exit(1); }
  file = join(OUT, made.sort().at(-1));
}
const a = analyze(file);
console.log(report(a, opts.top));
if (!opts.analyze) {
  const summary = file.replace(/\.cpuprofile$/, ".summary.json");
  writeFileSync(summary, JSON.stringify({ ...a, rows: a.rows.slice(0, 200) }, null, 2) + "\n");
  console.log(`\nprofile: ${relative(ROOT, file)}\nsummary: ${relative(ROOT, summary)}`);
}
