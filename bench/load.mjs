#!/usr/bin/env node
// `npm run load`: a bounded load test of the workbench API on loopback (issue 7, part 6).
//
//   node bench/load.mjs [--clients 50] [--seconds 60] [--db FILE] [--json] [--no-ingest] [--built]
//                       [--prepare-docs 400] [--chunk-docs 300] [--seed N] [--keep]
//
// 1. A store: a fresh one with samples/corpus and --prepare-docs generated reports, or a copy of --db FILE (the
//    file itself is never written; SQLite's backup API copies it even while something else has it open).
// 2. `rasad serve` on a free loopback port, and `rasad ingest` into the same store for the whole window: runs of
//    --chunk-docs new generated reports, one after another, the last one let finish after the window.
// 3. --clients concurrent clients for --seconds, each one request at a time over keep-alive connections (node's
//    fetch), walking in turn the read endpoints the workbench's views call (see ENDPOINTS), with ids sampled from
//    the store. The body is read to its end.
// 4. A table: requests, errors (any non-2xx answer or network error), req/s and p50/p90/p99/max latency per
//    endpoint and overall; the store before and after; whether every ingest run finished; the CPU seconds of the
//    server, the ingest runs and this process (Linux /proc), and the load average. --json prints it as JSON.
// Exit 1 on any error (a request or an ingest run), 2 when it could not start.
//
// The CLI runs from the TypeScript sources through tsx unless --built is given (then bin/rasad.js, which needs
// `npm run build`). Reads from loopback are not rate-limited by the server (src/server/app.ts).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import Database from "better-sqlite3";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SAMPLES = join(ROOT, "samples", "corpus");

// ─── the CLI as child processes ─────────────────────────────────────────────────────────────────────────────

function cliArgs(built) {
  if (built) return [join(ROOT, "bin", "rasad.js")];
  // tsx's loader in the same process (its own CLI would start a second node)
  return ["--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, "src", "cli", "index.ts")];
}

function startCli(built, args) {
  const child = spawn(process.execPath, [...cliArgs(built), ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (c) => { stdout += c; });
  child.stderr.setEncoding("utf8").on("data", (c) => { stderr += c; });
  const cpu = cpuWatch(child.pid);
  const exited = new Promise((ok) => child.on("exit", (code, signal) => { cpu.stop(); ok({ code, signal }); }));
  return { child, exited, cpu, stdout: () => stdout, stderr: () => stderr };
}

/** CPU seconds of a process (all its threads), sampled from /proc while it lives; null off Linux. */
function cpuWatch(pid) {
  const file = `/proc/${pid}/stat`;
  let last = null;
  const read = () => {
    try {
      // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
      const f = readFileSync(file, "utf8").split(") ")[1].split(" ");
      last = (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
    } catch { /* gone, or not Linux */ }
  };
  read();
  const timer = setInterval(read, 500);
  timer.unref();
  return { read: () => { read(); return last; }, stop: () => clearInterval(timer) };
}

// ─── generated reports (written for this benchmark; placeholders fill slots from the lexicons' names) ──────

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ACTORS = ["الفرقة الرابعة", "خلايا تنظيم داعش", "ميليشيا الدفاع الوطني", "قوات سوريا الديمقراطية", "هيئة تحرير الشام", "الحرس الثوري الإيراني", "لواء الباقر", "الجيش الوطني السوري"];
const PLACES = ["دير الزور", "الميادين", "البوكمال", "الرقة", "تدمر", "السخنة", "درعا", "إدلب", "منبج", "حمص", "السلمية", "القامشلي", "الحسكة", "عفرين"];
const ITEMS = ["المحروقات", "الخردة", "الأغنام", "الطحين", "الأدوية", "السلاح", "حبوب الكبتاغون", "القمح", "النحاس", "السجائر"];
const FRAMES = [
  (s) => `قالت مصادر محلية إن حاجزاً تابعاً لـ${s.a} على مدخل ${s.p} يفرض ${s.n} ألف ليرة على كل سيارة محملة بـ${s.i}.`,
  (s) => `وأكد ناشطون أن ${s.a} باعت شحنة من ${s.i} لتجار يعملون لحساب ${s.b} في ${s.p}.`,
  (s) => `ونقلت شبكة محلية أن مهربين مرتبطين بـ${s.a} نقلوا ${s.i} من ${s.p} نحو ${s.q} ليلاً.`,
  (s) => `وقتل ${s.n % 6 + 2} من عناصر ${s.b} بانفجار عبوة ناسفة استهدفت سيارتهم قرب ${s.p}.`,
  (s) => `وشنت ${s.a} حملة دهم في ${s.p} واعتقلت ${s.n % 20 + 3} أشخاص بتهمة التعاون مع ${s.b}.`,
  (s) => `وارتفع سعر ${s.i} في أسواق ${s.p} بعد أن منعت ${s.a} دخول الشاحنات من ${s.q}.`,
  (s) => `وضبطت دورية تابعة لـ${s.a} ${s.n} كيلوغراماً من ${s.i} في مستودع على أطراف ${s.q}.`,
];

function report(r) {
  const pick = (xs) => xs[Math.floor(r() * xs.length)];
  const parts = [];
  const n = 3 + Math.floor(r() * 4);
  for (let k = 0; k < n; k++) {
    const a = pick(ACTORS);
    const b = pick(ACTORS.filter((x) => x !== a));
    const p = pick(PLACES);
    const q = pick(PLACES.filter((x) => x !== p));
    parts.push(pick(FRAMES)({ a, b, p, q, i: pick(ITEMS), n: 10 + Math.floor(r() * 990) }));
  }
  return parts.join(" ");
}

/** `count` generated reports as JSON lines; `seed` makes each chunk new (the id is the text's hash). */
function writeReports(file, count, seed) {
  const r = rng(seed);
  const lines = [];
  for (let d = 0; d < count; d++) {
    const month = String(1 + Math.floor(r() * 12)).padStart(2, "0");
    const day = String(1 + Math.floor(r() * 28)).padStart(2, "0");
    lines.push(JSON.stringify({
      title: `تقرير ${seed}-${d}`, outlet: `منصة الرصد ${d % 9}`, url: `https://load.example/${seed}/${d}`,
      published: `2024-${month}-${day}`, text: report(r),
    }));
  }
  writeFileSync(file, lines.join("\n") + "\n");
}

// ─── the endpoints (the requests the workbench's views make) ───────────────────────────────────────────────

const SEARCH_WORDS = ["داعش", "الخردة", "حاجز", "المحروقات", "الرقة", "إتاوة", "\"مصادر محلية\"", "الكبتاغون", "تهريب", "دير الزور", "الأغنام", "فدية"];

/** name → a path, given the sampled ids and a random source. */
const ENDPOINTS = {
  "documents": (s, r) => `/api/documents?limit=20&offset=${Math.floor(r() * 3) * 20}`,
  "document": (s, r) => `/api/documents/${encodeURIComponent(pick(s.docs, r))}`,
  "search": (s, r) => `/api/search?q=${encodeURIComponent(pick(SEARCH_WORDS, r))}&limit=20`,
  "graph": () => "/api/graph",
  "entity graph": (s, r) => `/api/entities/${encodeURIComponent(pick(s.actors, r))}/graph?depth=2`,
  "entities": (s, r) => (r() < 0.5 ? `/api/entities?q=${encodeURIComponent(pick(s.names, r))}` : "/api/entities?kind=actor&limit=50"),
  "entity": (s, r) => `/api/entities/${encodeURIComponent(pick(s.entities, r))}`,
  "map places": () => "/api/places?geo=true&limit=1000",
  "geojson": (s, r) => (r() < 0.5 ? "/api/export/places.geojson" : "/api/export/events.geojson"),
  "timeline": (s, r) => (r() < 0.5 ? "/api/events?limit=1000" : "/api/flows?limit=1000"),
  "claims": (s, r) => pick(["/api/flows?limit=50", "/api/events?limit=50", "/api/facts?limit=50", `/api/flows?limit=50&item=${pick(["fuel", "scrap", "weapons", "drugs", "money"], r)}`], r),
  "claim": (s, r) => `/api/claims/${encodeURIComponent(pick(s.claims, r))}`,
  "overview": (s, r) => (r() < 0.5 ? "/api/stats" : "/api/edges?limit=12"),
};

function pick(xs, r) { return xs[Math.floor(r() * xs.length)]; }

async function getJson(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Ids to ask for: documents, entities, claims that are in the store before the load starts. */
async function sample(base) {
  const [docs, actors, places, flows, events] = await Promise.all([
    getJson(`${base}/api/documents?limit=200`), getJson(`${base}/api/entities?kind=actor&limit=200`),
    getJson(`${base}/api/entities?kind=place&limit=200`), getJson(`${base}/api/flows?limit=200`), getJson(`${base}/api/events?limit=200`),
  ]);
  const s = {
    docs: docs.items.map((d) => d.id),
    actors: actors.items.map((e) => e.key),
    entities: [...actors.items, ...places.items].map((e) => e.key),
    names: [...actors.items, ...places.items].map((e) => e.name?.ar ?? e.name?.en).filter(Boolean),
    claims: [...flows.items, ...events.items].map((c) => c.id),
  };
  for (const [k, v] of Object.entries(s)) if (v.length === 0) throw new Error(`the store has no ${k} to ask for`);
  return s;
}

// ─── statistics ─────────────────────────────────────────────────────────────────────────────────────────────

/** Nearest-rank percentile of sorted numbers. */
function pct(sorted, q) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function summarize(name, lat, errors, seconds) {
  const s = Float64Array.from(lat).sort();
  const r = (x) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    endpoint: name, requests: lat.length + errors, errors, rps: Math.round(((lat.length + errors) / seconds) * 10) / 10,
    p50: r(pct(s, 0.5)), p90: r(pct(s, 0.9)), p99: r(pct(s, 0.99)), max: r(s.length ? s[s.length - 1] : null),
  };
}

// ─── the run ────────────────────────────────────────────────────────────────────────────────────────────────

function storeDocuments(file) {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try { return db.prepare("SELECT count(*) AS n FROM documents").get().n; } finally { db.close(); }
}

/**
 * Runs the load test; resolves with the result (never throws for a failed request: those are counted).
 * opts: { clients, seconds, db, ingest, built, prepareDocs, chunkDocs, seed, keep, log }
 */
export async function runLoad(opts) {
  const o = { clients: 50, seconds: 60, db: null, ingest: true, built: false, prepareDocs: 400, chunkDocs: 300, seed: 1, keep: false, log: () => {}, ...opts };
  const dir = mkdtempSync(join(tmpdir(), "rasad-load-"));
  const file = join(dir, "load.db");
  const servers = [];
  try {
    // 1. the store
    if (o.db) {
      if (!existsSync(o.db)) throw new Error(`no such store: ${o.db}`);
      o.log(`copying ${o.db}`);
      const src = new Database(o.db, { readonly: true, fileMustExist: true });
      try { await src.backup(file); } finally { src.close(); }
    } else {
      o.log(`preparing a store: samples/corpus and ${o.prepareDocs} generated reports`);
      const paths = [SAMPLES];
      if (o.prepareDocs > 0) { writeReports(join(dir, "prepare.jsonl"), o.prepareDocs, o.seed * 1000); paths.push(join(dir, "prepare.jsonl")); }
      const p = startCli(o.built, ["ingest", "--db", file, "--json", "-q", ...paths]);
      const e = await p.exited;
      if (e.code !== 0) throw new Error(`preparing the store failed: ${p.stderr()}`);
    }
    const docsBefore = storeDocuments(file);

    // 2. the server
    const serve = startCli(o.built, ["serve", "--db", file, "--port", "0", "--host", "127.0.0.1"]);
    servers.push(serve);
    const base = await new Promise((ok, fail) => {
      const look = () => {
        const m = /rasad workbench: (http:\/\/[^\s/]+)\//.exec(serve.stderr());
        if (m) ok(m[1]);
      };
      serve.child.stderr.on("data", look);
      void serve.exited.then((e) => fail(new Error(`serve exited (${e.code ?? e.signal}): ${serve.stderr()}`)));
      setTimeout(() => fail(new Error(`serve did not start in 60 s: ${serve.stderr()}`)), 60_000).unref();
    });
    const ids = await sample(base);
    o.log(`serving ${base}: ${docsBefore} documents; ${o.clients} clients for ${o.seconds} s${o.ingest ? " while ingest runs" : ""}`);

    // 3. the ingest, one run after another for the whole window (the last one is let finish)
    const t0 = performance.now();
    const end = t0 + o.seconds * 1000;
    const ingestRuns = [];
    let ingestCpu = 0;
    const ingestChain = o.ingest ? (async () => {
      for (let k = 0; performance.now() < end; k++) {
        const chunk = join(dir, `chunk-${k}.jsonl`);
        writeReports(chunk, o.chunkDocs, o.seed * 1000 + k + 1);
        const started = (performance.now() - t0) / 1000;
        const p = startCli(o.built, ["ingest", "--db", file, "--json", "-q", chunk]);
        const e = await p.exited;
        ingestCpu += p.cpu.read() ?? 0;
        const run = { started: round1(started), ended: round1((performance.now() - t0) / 1000), code: e.code ?? e.signal, ingested: 0 };
        if (e.code === 0) {
          try { run.ingested = JSON.parse(p.stdout()).ingested; } catch { /* counted as finished all the same */ }
        } else {
          run.error = p.stderr().slice(0, 500);
        }
        ingestRuns.push(run);
        if (e.code !== 0) break;
      }
    })() : Promise.resolve();

    // 4. the clients
    const names = Object.keys(ENDPOINTS);
    const lat = Object.fromEntries(names.map((n) => [n, []]));
    const errs = Object.fromEntries(names.map((n) => [n, 0]));
    const errorSamples = [];
    // each client's first request opens its connection: under saturation node may leave new connections in the
    // kernel's accept queue for long (seen with a bare node http server too), so their latency is shown apart
    const firstLat = [];
    // the five slowest requests, with when they started: a stall shows as several started at one moment
    const slowest = [];
    const noteSlow = (x) => {
      if (slowest.length < 5 || x.ms > slowest[slowest.length - 1].ms) {
        slowest.push(x);
        slowest.sort((a, b) => b.ms - a.ms);
        slowest.length = Math.min(slowest.length, 5);
      }
    };
    const cpu0 = process.cpuUsage();
    const serverCpu0 = serve.cpu.read();
    const load0 = loadavg();
    const client = async (c) => {
      const r = rng(o.seed * 7919 + c);
      // clients start spread over the first 100 ms, not all in one tick
      await new Promise((ok) => setTimeout(ok, Math.floor(r() * 100)));
      // each client walks the endpoints in turn from its own start, so that every one is asked from the start
      for (let k = 0; performance.now() < end; k++) {
        const name = names[(c + k) % names.length];
        const path = ENDPOINTS[name](ids, r);
        const t = performance.now();
        try {
          const res = await fetch(base + path);
          await res.arrayBuffer();
          const ms = performance.now() - t;
          noteSlow({ path, startedAt: round1((t - t0) / 1000), ms: Math.round(ms) });
          if (k === 0) firstLat.push(ms);
          if (res.status >= 200 && res.status < 300) lat[name].push(ms);
          else { errs[name]++; if (errorSamples.length < 10) errorSamples.push(`${res.status} GET ${path}`); }
        } catch (err) {
          errs[name]++;
          if (errorSamples.length < 10) errorSamples.push(`${err.cause?.code ?? err.message} GET ${path}`);
        }
      }
    };
    await Promise.all(Array.from({ length: o.clients }, (_, c) => client(c)));
    const elapsed = (performance.now() - t0) / 1000;
    const clientCpu = process.cpuUsage(cpu0);
    const serverCpu = serve.cpu.read();
    const load1 = loadavg();
    const docsAtEnd = await getJson(`${base}/api/health`).then((h) => h.documents, () => null);

    // the ingest run still going finishes; the server stops
    const waitFrom = performance.now();
    await Promise.race([ingestChain, new Promise((ok) => setTimeout(ok, 300_000).unref())]);
    const ingestWait = (performance.now() - waitFrom) / 1000;
    serve.child.kill("SIGTERM");
    const served = await serve.exited;

    const rows = names.map((n) => summarize(n, lat[n], errs[n], elapsed));
    const all = summarize("all", names.flatMap((n) => lat[n]), names.reduce((a, n) => a + errs[n], 0), elapsed);
    const ingestOk = !o.ingest || (ingestRuns.length > 0 && ingestRuns.every((x) => x.code === 0) && ingestWait < 300);
    return {
      clients: o.clients, seconds: round1(elapsed), base,
      store: { before: docsBefore, atEnd: docsAtEnd, after: storeDocuments(file), copiedFrom: o.db ?? null },
      endpoints: rows, all,
      errors: all.errors, errorSamples, slowest,
      firstRequests: (({ p50, p90, max }) => ({ p50, p90, max }))(summarize("first", firstLat, 0, elapsed)),
      ingest: o.ingest ? {
        runs: ingestRuns, finished: ingestOk, ingested: ingestRuns.reduce((a, x) => a + x.ingested, 0),
        lastEndedAfterWindow: round1(ingestWait), cpuSeconds: round1(ingestCpu),
      } : null,
      server: { exit: served.code ?? served.signal, cpuSeconds: serverCpu !== null && serverCpu0 !== null ? round1(serverCpu - serverCpu0) : null },
      machine: {
        cores: availableParallelism(), loadBefore: load0.map(round2), loadAfter: load1.map(round2),
        clientCpuSeconds: round1((clientCpu.user + clientCpu.system) / 1e6), node: process.version,
      },
      ok: all.errors === 0 && ingestOk && all.requests > 0,
    };
  } finally {
    for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

function round1(x) { return Math.round(x * 10) / 10; }
function round2(x) { return Math.round(x * 100) / 100; }

/** The result as a plain-text table. */
export function formatLoad(res) {
  const out = [];
  const fmt = (n) => (n === null || n === undefined ? "–" : n.toLocaleString("en-US"));
  out.push(`rasad load test: ${res.clients} clients for ${res.seconds} s against ${res.base} (loopback)`);
  out.push(`store: ${fmt(res.store.before)} documents at the start, ${fmt(res.store.atEnd)} at the end of the window, ${fmt(res.store.after)} after the last ingest run` +
    (res.store.copiedFrom ? ` (a copy of ${res.store.copiedFrom})` : ""));
  if (res.ingest) {
    out.push(`ingest: ${res.ingest.runs.length === 1 ? "1 run" : `${res.ingest.runs.length} runs one after another`}, ${fmt(res.ingest.ingested)} new documents; ` +
      (res.ingest.finished ? `every run finished (the last ${res.ingest.lastEndedAfterWindow} s after the window)` : `NOT FINISHED: ${JSON.stringify(res.ingest.runs.at(-1))}`));
  } else {
    out.push("ingest: none (--no-ingest)");
  }
  out.push(`machine: ${res.machine.cores} cores, load average ${res.machine.loadBefore.join(" ")} before and ${res.machine.loadAfter.join(" ")} after; ` +
    `CPU seconds: server ${fmt(res.server.cpuSeconds)}, ingest ${fmt(res.ingest?.cpuSeconds)}, clients ${fmt(res.machine.clientCpuSeconds)}`);
  out.push("");
  const head = ["endpoint", "requests", "errors", "req/s", "p50 ms", "p90 ms", "p99 ms", "max ms"];
  const rows = [...res.endpoints, res.all].map((r) => [r.endpoint, fmt(r.requests), fmt(r.errors), fmt(r.rps), fmt(r.p50), fmt(r.p90), fmt(r.p99), fmt(r.max)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => "| " + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ") + " |";
  out.push(line(head));
  out.push("|" + widths.map((w, i) => (i === 0 ? "-".repeat(w + 2) : "-".repeat(w + 1) + ":")).join("|") + "|");
  for (const r of rows.slice(0, -1)) out.push(line(r));
  out.push(line(rows.at(-1).map((c, i) => (i === 0 ? "**all**" : c))));
  out.push("", `each client's first request (a new connection): p50 ${fmt(res.firstRequests.p50)} ms, p90 ${fmt(res.firstRequests.p90)} ms, max ${fmt(res.firstRequests.max)} ms`);
  if (res.slowest.length) out.push("slowest requests:", ...res.slowest.map((x) => `  ${fmt(x.ms)} ms, started at ${x.startedAt} s: GET ${x.path}`));
  if (res.errorSamples.length) out.push("", "errors, first ones:", ...res.errorSamples.map((e) => `  ${e}`));
  out.push("", res.ok ? "OK: no errors" : `FAILED: ${res.errors} request errors${res.ingest && !res.ingest.finished ? ", an ingest run did not finish" : ""}`);
  return out.join("\n");
}

// ─── command line ───────────────────────────────────────────────────────────────────────────────────────────

function parseArgs(argv) {
  const o = {};
  const num = (name, v, min) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes a whole number ≥ ${min}, not ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === "--clients") o.clients = num("clients", val(), 1);
    else if (a === "--seconds") o.seconds = num("seconds", val(), 1);
    else if (a === "--db") o.db = val();
    else if (a === "--prepare-docs") o.prepareDocs = num("prepare-docs", val(), 0);
    else if (a === "--chunk-docs") o.chunkDocs = num("chunk-docs", val(), 1);
    else if (a === "--seed") o.seed = num("seed", val(), 0);
    else if (a === "--no-ingest") o.ingest = false;
    else if (a === "--built") o.built = true;
    else if (a === "--json") o.json = true;
    else if (a === "--keep") o.keep = true;
    else if (a === "--help" || a === "-h") o.help = true;
    else throw new Error(`unknown option ${a} (see --help)`);
  }
  return o;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  let o;
  try {
    o = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`load: ${err.message}\n`);
    process.exit(2);
  }
  if (o.help) {
    const head = readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1).filter((l) => l.startsWith("//"));
    process.stdout.write(head.map((l) => l.slice(3)).join("\n") + "\n");
    process.exit(0);
  }
  try {
    const res = await runLoad({ ...o, log: (m) => process.stderr.write(`load: ${m}\n`) });
    process.stdout.write((o.json ? JSON.stringify(res, null, 2) : formatLoad(res)) + "\n");
    process.exit(res.ok ? 0 : 1);
  } catch (err) {
    process.stderr.write(`load: ${err.message}\n`);
    process.exit(2);
  }
}
