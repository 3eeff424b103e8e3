// Distributed ingest on PostgreSQL: three worker processes build the store one SQLite process builds; a worker
// killed with SIGKILL loses nothing; failures are retried with backoff and end as dead letters; SIGTERM stops a
// worker cleanly; `rasad queue status --json` reports the counts.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import pg from "pg";
import PgBoss from "pg-boss";
import { openSqliteStore } from "../../src/store/index.js";
import { openPostgresStore } from "../../src/store/postgres.js";
import { ingest } from "../../src/ingest/index.js";
import {
  enqueueSources, enqueueDocuments, runWorker, queueStatus, deadLetters, retryDead, INGEST_QUEUE, QUEUE_SCHEMA,
} from "../../src/queue/index.js";
import { storeView } from "./snapshot.js";
import { pgUnavailable, startTestServer, type TestServer } from "./server.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CORPUS = join(ROOT, "test", "fixtures", "ingest", "corpus");
const ANT = join(ROOT, "..", "shared", "data", "corpus", "ant", "antcorpus_v1.1.jsonl");
const NODE = [process.execPath, "--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href];
const CLI = join(ROOT, "src", "cli", "index.ts");
const CHILD = join(ROOT, "test", "postgres", "worker-child.ts");

const dir = mkdtempSync(join(tmpdir(), "rasad-queue-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The fixture corpus (duplicates, near-duplicates, encodings, broken files) and, where present, 200 ANT articles. */
function corpus(): string[] {
  const paths = [CORPUS];
  if (existsSync(ANT)) {
    const slice = join(dir, "ant-200.jsonl");
    if (!existsSync(slice)) writeFileSync(slice, readFileSync(ANT, "utf8").split("\n").slice(0, 200).join("\n") + "\n");
    paths.push(slice);
  }
  return paths;
}

/** Fast retries for tests: one second before the first, jobs of dead workers expire after three. */
const FAST = { retries: 2, retryDelay: 1, timeout: 3 };

function waitExit(c: ChildProcess, ms: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    if (c.exitCode !== null) return resolve(c.exitCode);
    const t = setTimeout(() => reject(new Error(`child ${c.pid} still running after ${ms} ms`)), ms);
    c.once("exit", (code) => { clearTimeout(t); resolve(code); });
  });
}

function waitLine(c: ChildProcess, prefix: string, ms: number, stream: "stdout" | "stderr" = "stdout"): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = "";
    let err = "";
    const t = setTimeout(() => reject(new Error(`no «${prefix}» from child within ${ms} ms: ${err}`)), ms);
    c[stream === "stdout" ? "stderr" : "stdout"]?.on("data", (b) => { err += b; });
    c[stream]!.on("data", (b) => {
      buf += b;
      const line = buf.split("\n").find((l) => l.startsWith(prefix));
      if (line) { clearTimeout(t); resolve(line); }
    });
    c.once("exit", (code) => { clearTimeout(t); reject(new Error(`child exited (${code}) before «${prefix}»: ${err}`)); });
  });
}

const why = pgUnavailable();
if (why) {
  describe("distributed ingest on PostgreSQL", () => {
    it.skip(`skipped: ${why}`, () => {});
  });
} else {
  describe("distributed ingest on PostgreSQL", () => {
    let server: TestServer;
    beforeAll(async () => { server = await startTestServer(); }, 90_000);
    afterAll(async () => { await server?.stop(); });

    it("three workers in parallel build the store one process builds in SQLite", async () => {
      const paths = corpus();
      const sqlite = await openSqliteStore(join(dir, "one.db"));
      const local = await ingest(paths, { store: sqlite, workers: 0 });
      expect(local.ingested).toBeGreaterThan(10);

      const url = await server.createDatabase("three");
      // three workers up and waiting before the documents are queued, so that they share the work
      const workers = [1, 2, 3].map(() => spawn(
        NODE[0], [...NODE.slice(1), CLI, "worker", "--db", url, "--threads", "0", "--batch", "4", "--poll-ms", "100", "--json"],
        { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
      ));
      const outs = workers.map((w) => { let s = ""; w.stdout!.on("data", (b) => { s += b; }); return () => s; });
      await Promise.all(workers.map((w) => waitLine(w, "worker", 60_000, "stderr")));
      const q = await enqueueSources(url, paths, { policy: FAST });
      expect(q.enqueued + q.failed).toBe(local.read);
      expect(q.failed).toBe(local.failed);
      for (let i = 0; i < 1200; i++) {
        const s = await queueStatus(url);
        if (s.done + s.failed >= q.enqueued) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      for (const w of workers) w.kill("SIGTERM");
      const codes = await Promise.all(workers.map((w) => waitExit(w, 30_000)));
      expect(codes).toEqual([0, 0, 0]);
      const progress = outs.map((o) => JSON.parse(o()));
      // the work was shared, and every job was done once
      expect(progress.filter((p) => p.done > 0).length).toBeGreaterThanOrEqual(2);
      expect(progress.reduce((n, p) => n + p.done, 0)).toBe(q.enqueued);

      const pgStore = await openPostgresStore(url);
      try {
        const [want, got] = [await storeView(sqlite), await storeView(pgStore)];
        expect(got.stats).toEqual(want.stats);
        expect(got.entities).toEqual(want.entities);
        expect(got.claims).toEqual(want.claims);
        expect(got.edges).toEqual(want.edges);
        expect(got.documents).toEqual(want.documents);
        expect(got.failures).toEqual(want.failures);
        expect((await queueStatus(url))).toMatchObject({ pending: 0, active: 0, done: q.enqueued, failed: 0, dead: 0 });
      } finally {
        await pgStore.close();
        await sqlite.close();
      }
    }, 150_000);

    it("loses nothing when a worker is killed (SIGKILL) mid-document: the job is retried and stored once", async () => {
      const url = await server.createDatabase("kill");
      const clean = await server.createDatabase("clean");
      for (const u of [url, clean]) await enqueueSources(u, [CORPUS], { policy: FAST });

      const child = spawn(NODE[0], [...NODE.slice(1), CHILD, url, "hang-in-transaction"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      const line = await waitLine(child, "IN-TRANSACTION", 60_000);
      const inFlight = line.split(" ")[1].split(",");
      expect(inFlight.length).toBeGreaterThan(0);
      const store = await openPostgresStore(url);
      try {
        child.kill("SIGKILL");
        await waitExit(child, 10_000);
        // the open transaction died with the process: none of its documents is stored, its jobs are still active
        expect((await store.knownDocuments(inFlight)).size).toBe(0);
        expect((await queueStatus(url)).active).toBeGreaterThan(0);

        // another worker takes over: the lost jobs expire, are retried, and their documents are stored once
        const p = await runWorker(url, { threads: 0, untilEmpty: true, pollMs: 200, maintenanceSeconds: 1 });
        expect(p.done).toBeGreaterThan(0);
        expect((await store.knownDocuments(inFlight)).size).toBe(new Set(inFlight).size);
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        const retried = (await c.query(
          `SELECT count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'completed' AND retry_count >= 1`, [INGEST_QUEUE],
        )).rows[0].n;
        await c.end();
        expect(retried).toBeGreaterThanOrEqual(1);
        expect(await queueStatus(url)).toMatchObject({ pending: 0, active: 0, failed: 0, dead: 0 });

        await runWorker(clean, { threads: 0, untilEmpty: true, pollMs: 200 });
        const cleanStore = await openPostgresStore(clean);
        try {
          expect(await storeView(store)).toEqual(await storeView(cleanStore));
        } finally {
          await cleanStore.close();
        }
      } finally {
        await store.close();
      }
    }, 120_000);

    it("retries a failing document with backoff, then keeps it as a dead letter with its error", async () => {
      const url = await server.createDatabase("dead");
      await enqueueDocuments(url, [
        { text: "قالت مصادر محلية إن تجار الخردة في الميادين يدفعون إتاوات شهرية لعناصر الفرقة الرابعة.", path: "good.jsonl", item: "L1" },
      ], { policy: FAST });
      // a job no worker can process: a document without its text
      const boss = new PgBoss({ connectionString: url, schema: QUEUE_SCHEMA, supervise: false, schedule: false });
      boss.on("error", () => {});
      await boss.start();
      await boss.insert([{ name: INGEST_QUEUE, data: { v: 1, seq: 99, id: "x", path: "broken.jsonl", item: "L7" }, retryLimit: 2, retryDelay: 1, retryBackoff: true }]);
      await boss.stop({ graceful: false });

      const p = await runWorker(url, { threads: 0, untilEmpty: true, pollMs: 100, maintenanceSeconds: 1 });
      expect(p).toMatchObject({ done: 1, ingested: 1, failed: 3, dead: 1 });
      expect(await queueStatus(url)).toMatchObject({ pending: 0, active: 0, done: 1, failed: 1, dead: 1 });
      const dead = await deadLetters(url);
      expect(dead.total).toBe(1);
      expect(dead.items[0]).toMatchObject({ path: "broken.jsonl", item: "L7", code: "BAD_INPUT", attempts: 3 });
      expect(dead.items[0].error).toContain("not a rasad document");
      // the attempts were spaced out: backoff from one second, doubled
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      const job = (await c.query(
        `SELECT retry_count, extract(epoch FROM completed_on - created_on) AS span FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'failed'`, [INGEST_QUEUE],
      )).rows[0];
      await c.end();
      expect(job.retry_count).toBe(2);
      expect(Number(job.span)).toBeGreaterThanOrEqual(3);
      // the store lists it with the other failures
      const store = await openPostgresStore(url);
      expect((await store.listFailures()).items).toMatchObject([{ path: "broken.jsonl", item: "L7", code: "BAD_INPUT" }]);
      await store.close();
      // a person retries it: queued again
      expect(await retryDead(url)).toBe(1);
      expect(await queueStatus(url)).toMatchObject({ pending: 1, dead: 0 });
    }, 60_000);

    it("stops cleanly on SIGTERM (the batch in hand finished), and `rasad queue status --json` reports the counts", async () => {
      const url = await server.createDatabase("term");
      const docs = Array.from({ length: 120 }, (_, i) => ({
        text: `أفاد ناشطون في المدينة رقم ${i} بأن عناصر الفرقة الرابعة فرضوا إتاوات على شاحنات المحروقات عند الحاجز الشرقي، وأن التجار دفعوا ${100 + i} ألف ليرة عن كل شاحنة.`,
        path: "term.jsonl", item: `L${i + 1}`, outlet: `منفذ ${i % 5}`,
      }));
      const q = await enqueueDocuments(url, docs, { policy: { ...FAST, timeout: 60 } });
      expect(q.enqueued).toBe(120);
      const w = spawn(NODE[0], [...NODE.slice(1), CLI, "worker", "--db", url, "--threads", "0", "--batch", "5", "--json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      w.stdout!.on("data", (b) => { out += b; });
      for (let i = 0; i < 600; i++) {
        if ((await queueStatus(url)).done > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      w.kill("SIGTERM");
      expect(await waitExit(w, 30_000)).toBe(0);
      const summary = JSON.parse(out);
      const st = spawnSync(NODE[0], [...NODE.slice(1), CLI, "queue", "status", "--db", url, "--json"], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
      expect(st.status).toBe(0);
      const status = JSON.parse(st.stdout);
      for (const k of ["pending", "active", "done", "failed"]) expect(typeof status[k]).toBe("number");
      // nothing left half-done: what the worker took, it finished and completed
      expect(status.active).toBe(0);
      expect(status.done).toBe(summary.done);
      expect(status.pending + status.done).toBe(120);
      const store = await openPostgresStore(url);
      expect((await store.stats()).documents).toBe(status.done);
      await store.close();
    }, 120_000);
  });
}
