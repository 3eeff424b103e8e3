// Documents per second through the PostgreSQL queue with 1 and 3 worker processes, beside one SQLite process,
// on a slice of the ANT corpus (read in place, never copied into the repository). Not a test: run it with
//   node --import tsx test/postgres/throughput.ts [DOCS=2000] [--threads T]
// ($RASAD_TEST_PG to use a running server; else a throwaway one is started). Each row gets a fresh database.
// Worker processes extract in one thread each (--threads 0 unless --threads is given), so that the rows compare
// processes, as machines would be added.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { openSqliteStore } from "../../src/store/index.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { ingest } from "../../src/ingest/index.js";
import { enqueueSources, INGEST_QUEUE, QUEUE_SCHEMA } from "../../src/queue/index.js";
import { startTestServer } from "./server.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const ANT = join(ROOT, "..", "shared", "data", "corpus", "ant", "antcorpus_v1.1.jsonl");
const args = process.argv.slice(2);
const docs = Number(args.find((a) => /^\d+$/.test(a)) ?? 2000);
const ti = args.indexOf("--threads");
const threads = ti >= 0 ? Number(args[ti + 1]) : 0;

const dir = mkdtempSync(join(tmpdir(), "rasad-pg-bench-"));
const slice = join(dir, `ant-${docs}.jsonl`);
writeFileSync(slice, readFileSync(ANT, "utf8").split("\n").slice(0, docs).join("\n") + "\n");
const server = await startTestServer();
const rows: Record<string, unknown>[] = [];
const load = () => loadavg()[0].toFixed(1);

try {
  {
    const store = await openSqliteStore(join(dir, "one.db"));
    const l0 = load();
    const s = await ingest([slice], { store, workers: threads });
    await store.close();
    rows.push({ row: `SQLite, rasad ingest, ${threads === 0 ? "main thread" : `${threads} threads`}`, docs: s.ingested, seconds: s.seconds, docsPerS: s.docsPerSecond, load: l0 });
  }
  for (const n of [1, 3]) {
    const url = await server.createDatabase(`bench${n}`);
    const e0 = performance.now();
    const q = await enqueueSources(url, [slice]);
    const enqueueS = (performance.now() - e0) / 1000;
    const l0 = load();
    const w0 = performance.now();
    const r = spawnSync(process.execPath, [
      "--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, join(ROOT, "src", "cli", "index.ts"),
      "worker", "--db", url, "--processes", String(n), "--threads", String(threads), "--until-empty", "--json",
    ], { cwd: ROOT, encoding: "utf8", timeout: 1_800_000 });
    const wallS = (performance.now() - w0) / 1000;
    if (r.status !== 0) throw new Error(`worker: ${r.stderr}`);
    const p = JSON.parse(r.stdout);
    const store = await openPostgresStore(url);
    const stored = (await store.stats()).documents;
    // the queue's own span, first job claimed to last completed: the work, without node's start-up in each process
    const span = (await store.pool.query(
      `SELECT extract(epoch FROM max(completed_on) - min(started_on))::float8 AS s FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed'`,
      [INGEST_QUEUE],
    )).rows[0].s as number;
    await store.close();
    rows.push({
      row: `PostgreSQL queue, ${n} worker process${n > 1 ? "es" : ""}`, docs: p.ingested, stored, enqueued: q.enqueued, enqueueS,
      seconds: span, docsPerS: p.ingested / span, wallS, docsPerSWall: p.ingested / wallS, load: l0,
    });
  }
} finally {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${docs} ANT documents, ${availableParallelism()} cores, load average at start of each row in the last column`);
console.table(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Number(v.toFixed(1)) : v]))));
console.log(JSON.stringify(rows));
