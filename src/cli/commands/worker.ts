// `rasad worker --db postgres://…`: claim queued documents, extract and store them, until stopped (SIGTERM, Ctrl-C).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import { defaultDbLocation } from "../../store/index.js";
// the queue (pg-boss, the extractor) loads only when this command runs
import type { WorkerProgress } from "../../queue/index.js";

function count(min: number) {
  return (s: string): number => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got ${s}`);
    return n;
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function formatWorkerProgress(p: WorkerProgress): string {
  return `${fmt(p.done)} done (${fmt(p.ingested)} new, ${fmt(p.nearDuplicates)} near-duplicates, ${fmt(p.duplicates)} already stored` +
    `${p.reextracted ? `, ${fmt(p.reextracted)} re-extracted` : ""}) · ${fmt(p.failed)} failed attempts · ${fmt(p.dead)} dead letters · ` +
    `${p.seconds.toFixed(1)} s · ${p.docsPerSecond.toFixed(1)} docs/s`;
}

export function registerWorker(program: Command): void {
  program
    .command("worker")
    .description("claim documents queued by `rasad ingest --queue`, extract and store them; run one or more per machine")
    .option("--db <url>", "the PostgreSQL store and queue (default: $RASAD_DB)")
    .option("--threads <n>", "extraction threads (default: one per core but one; 0 extracts in the main thread)", count(0))
    .option("--batch <n>", "documents claimed at once and stored in one transaction", count(1), 16)
    .option("--poll-ms <ms>", "pause between polls of an empty queue", count(50), 1000)
    .option("--processes <n>", "worker processes to run on this machine (default 1)", count(1), 1)
    .option("--until-empty", "exit when the queue has nothing left (nothing pending, retrying or active)")
    .option("--json", "print the final summary as JSON")
    .option("-q, --quiet", "no progress lines")
    .action(async (o: { db?: string; threads?: number; batch: number; pollMs: number; processes: number; untilEmpty?: boolean; json?: boolean; quiet?: boolean }) => {
      const { runWorker, requirePostgres } = await import("../../queue/index.js");
      const url = requirePostgres(o.db ?? defaultDbLocation(), "rasad worker");
      if (o.processes > 1) return runProcesses(url, o);
      const stop = new AbortController();
      let signals = 0;
      const onSignal = (sig: NodeJS.Signals) => {
        // the first signal finishes the batch in hand; a second leaves at once (its jobs expire and are retried)
        if (++signals > 1) process.exit(sig === "SIGINT" ? 130 : 143);
        stop.abort();
        if (!o.quiet) process.stderr.write(`worker: ${sig}: finishing the documents in hand, then stopping (again to quit now)\n`);
      };
      process.on("SIGTERM", onSignal);
      process.on("SIGINT", onSignal);
      let last: WorkerProgress | null = null;
      let shown = "";
      const timer = o.quiet || o.json ? null : setInterval(() => {
        const line = last ? formatWorkerProgress(last) : "";
        if (line && line !== shown) { process.stderr.write(`worker: ${line}\n`); shown = line; }
      }, 10_000);
      try {
        const p = await runWorker(url, {
          threads: o.threads, batchSize: o.batch, pollMs: o.pollMs, untilEmpty: o.untilEmpty, signal: stop.signal,
          onProgress: (x) => { last = x; },
          onReady: () => {
            if (!o.quiet) process.stderr.write(`worker ${process.pid}: ready, claiming documents (${o.threads === 0 ? "extracting in the main thread" : `${o.threads ?? "one per core but one"} extraction threads`}, batches of ${o.batch})\n`);
          },
        });
        process.stdout.write((o.json ? JSON.stringify(p, null, 2) : `worker: ${formatWorkerProgress(p)}`) + "\n");
      } finally {
        if (timer) clearInterval(timer);
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      }
    });
}

/**
 * `--processes N`: N workers on this machine, each its own process (extraction is CPU-bound, and one process is
 * what a machine elsewhere would run). Signals are passed on; the summary adds theirs up.
 */
async function runProcesses(url: string, o: { threads?: number; batch: number; pollMs: number; processes: number; untilEmpty?: boolean; json?: boolean; quiet?: boolean }): Promise<void> {
  // detached: a Ctrl-C on the terminal reaches this process only, which passes it on once (a second signal would
  // make a child quit without finishing its batch). This file's CLI entry: dist/cli/index.js, or src/cli/index.ts under tsx (whose loader the children inherit)
  const entry = fileURLToPath(new URL(import.meta.url.endsWith(".ts") ? "../index.ts" : "../index.js", import.meta.url));
  const args = ["worker", "--db", url, "--batch", String(o.batch), "--poll-ms", String(o.pollMs), "--json"];
  if (o.threads !== undefined) args.push("--threads", String(o.threads));
  if (o.untilEmpty) args.push("--until-empty");
  const started = performance.now();
  const children = Array.from({ length: o.processes }, () => fork(entry, args, { stdio: ["ignore", "pipe", "inherit", "ipc"], detached: true }));
  const pass = (sig: NodeJS.Signals) => { for (const c of children) if (c.exitCode === null) c.kill(sig); };
  process.on("SIGTERM", pass);
  process.on("SIGINT", pass);
  if (!o.quiet && !o.json) process.stderr.write(`worker: ${o.processes} processes (${children.map((c) => c.pid).join(", ")})\n`);
  try {
    const results = await Promise.all(children.map((c) => new Promise<{ code: number | null; out: string }>((resolve) => {
      let out = "";
      c.stdout!.on("data", (b) => { out += b; });
      c.on("exit", (code) => resolve({ code, out }));
    })));
    const sum: WorkerProgress = { done: 0, ingested: 0, nearDuplicates: 0, duplicates: 0, reextracted: 0, failed: 0, dead: 0, seconds: 0, docsPerSecond: 0 };
    for (const r of results) {
      try {
        const p = JSON.parse(r.out) as WorkerProgress;
        for (const k of ["done", "ingested", "nearDuplicates", "duplicates", "reextracted", "failed", "dead"] as const) sum[k] += p[k];
      } catch { /* a child that died printed no summary: its exit code says so */ }
    }
    sum.seconds = (performance.now() - started) / 1000;
    sum.docsPerSecond = sum.seconds > 0 ? (sum.ingested + sum.reextracted) / sum.seconds : 0;
    process.stdout.write((o.json ? JSON.stringify({ ...sum, processes: o.processes }, null, 2) : `worker: ${o.processes} processes: ${formatWorkerProgress(sum)}`) + "\n");
    const bad = results.filter((r) => r.code !== 0);
    if (bad.length > 0) {
      process.stderr.write(`worker: ${bad.length} of ${o.processes} processes failed (exit ${bad.map((r) => r.code).join(", ")})\n`);
      process.exitCode = 1;
    }
  } finally {
    process.off("SIGTERM", pass);
    process.off("SIGINT", pass);
  }
}
