// `rasad worker --db postgres://…`: claim queued documents, extract and store them, until stopped (SIGTERM, Ctrl-C).
import { InvalidArgumentError, type Command } from "commander";
import { defaultDbLocation } from "../../store/index.js";
import { runWorker, requirePostgres, type WorkerProgress } from "../../queue/index.js";

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
    .option("--threads <n>", "extraction threads (default: one per core; 0 extracts in the main thread)", count(0))
    .option("--batch <n>", "documents claimed at once and stored in one transaction", count(1), 16)
    .option("--poll-ms <ms>", "pause between polls of an empty queue", count(50), 1000)
    .option("--until-empty", "exit when the queue has nothing left (nothing pending, retrying or active)")
    .option("--json", "print the final summary as JSON")
    .option("-q, --quiet", "no progress lines")
    .action(async (o: { db?: string; threads?: number; batch: number; pollMs: number; untilEmpty?: boolean; json?: boolean; quiet?: boolean }) => {
      const url = requirePostgres(o.db ?? defaultDbLocation(), "rasad worker");
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
      if (!o.quiet && !o.json) process.stderr.write(`worker ${process.pid}: claiming documents (${o.threads ?? "one per core"} threads, batches of ${o.batch})\n`);
      try {
        const p = await runWorker(url, {
          threads: o.threads, batchSize: o.batch, pollMs: o.pollMs, untilEmpty: o.untilEmpty, signal: stop.signal,
          onProgress: (x) => { last = x; },
        });
        process.stdout.write((o.json ? JSON.stringify(p, null, 2) : `worker: ${formatWorkerProgress(p)}`) + "\n");
      } finally {
        if (timer) clearInterval(timer);
        process.off("SIGTERM", onSignal);
        process.off("SIGINT", onSignal);
      }
    });
}
