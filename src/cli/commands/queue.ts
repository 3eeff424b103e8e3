// `rasad queue status|dead|retry`: the ingest queue of a PostgreSQL store; and `ingestToQueue`, which
// `rasad ingest --queue` runs instead of extracting locally.
import { InvalidArgumentError, type Command } from "commander";
import { stopOnInterrupt } from "../interrupt.js";
import { RasadError } from "../../contract/index.js";
import { defaultDbLocation } from "../../store/index.js";
// the queue (pg-boss, the ingest path) loads only when one of these commands runs
import type { EnqueueProgress, EnqueueSummary, QueueStatus } from "../../queue/index.js";

const queueModule = () => import("../../queue/index.js");

const fmt = (n: number) => n.toLocaleString("en-US");

export function formatStatus(s: QueueStatus): string {
  return `queue ${s.queue} on ${s.db}\n` +
    `  ${fmt(s.pending)} pending${s.retrying ? ` (${fmt(s.retrying)} waiting to retry)` : ""} · ${fmt(s.active)} active · ` +
    `${fmt(s.done)} done · ${fmt(s.failed)} failed · ${fmt(s.dead)} dead letters` +
    `${s.docsPerSecond > 0 ? ` · ${s.docsPerSecond.toFixed(1)} docs/s over the last minute` : ""}` +
    `${s.oldestPending ? `\n  oldest pending since ${s.oldestPending}` : ""}`;
}

export function formatEnqueueSummary(s: EnqueueSummary): string {
  const lines = [
    `${fmt(s.read)} read · ${fmt(s.enqueued)} queued · ${fmt(s.duplicates)} already stored (recorded as copies) · ${fmt(s.failed)} failed · ` +
      `${s.seconds.toFixed(1)} s — start workers with: rasad worker --db <url>; follow with: rasad queue status`,
  ];
  if (s.stopped) lines.push("stopped before the end: run the same command again to queue the rest (stored documents are skipped)");
  if (s.failures.length > 0) {
    lines.push("failed:");
    for (const f of s.failures.slice(0, 20)) lines.push(`  ${f.path}${f.item ? "#" + f.item : ""}  ${f.code}  ${f.message}`);
    if (s.failed > 20) lines.push(`  … and ${fmt(s.failed - 20)} more`);
  }
  return lines.join("\n");
}

/**
 * `rasad ingest --queue PATHS…`: reads and queues the documents for `rasad worker` processes. The ingest command
 * calls it with its own options (db, maxSize, reextract, nearThreshold, json, quiet).
 */
export async function ingestToQueue(
  paths: string[],
  o: { db?: string; maxSize?: number; reextract?: boolean; nearThreshold?: number; json?: boolean; quiet?: boolean },
): Promise<void> {
  const { enqueueSources, requirePostgres } = await queueModule();
  const url = requirePostgres(o.db ?? defaultDbLocation(), "rasad ingest --queue");
  const tty = Boolean(process.stderr.isTTY) && !o.quiet && !o.json;
  const stop = stopOnInterrupt();
  let last: EnqueueProgress | null = null;
  const timer = tty ? setInterval(() => {
    if (last) process.stderr.write(`\r\x1b[K${fmt(last.read)} read · ${fmt(last.enqueued)} queued · ${fmt(last.duplicates)} already stored · ${fmt(last.failed)} failed`);
  }, 250) : null;
  let summary: EnqueueSummary;
  try {
    summary = await enqueueSources(url, paths, {
      maxSize: o.maxSize, reextract: o.reextract, nearThreshold: o.nearThreshold, signal: stop.signal, onProgress: (p) => { last = p; },
    });
  } catch (err) {
    throw err instanceof RasadError ? err : new RasadError("INTERNAL", (err as Error).message, {}, { cause: err });
  } finally {
    if (timer) { clearInterval(timer); process.stderr.write("\r\x1b[K"); }
    stop.release();
  }
  process.stdout.write((o.json ? JSON.stringify(summary, null, 2) : formatEnqueueSummary(summary)) + "\n");
}

function positive(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a whole number ≥ 1, got ${s}`);
  return n;
}

export function registerQueue(program: Command): void {
  const queue = program.command("queue").description("the ingest queue of a PostgreSQL store: progress, dead letters, retries");
  queue
    .command("status")
    .description("documents pending, active, done and failed, and dead letters")
    .option("--db <url>", "the PostgreSQL store (default: $RASAD_DB)")
    .option("--json", "print JSON: {pending, active, done, failed, dead, …}")
    .action(async (o: { db?: string; json?: boolean }) => {
      const { queueStatus, requirePostgres } = await queueModule();
      const s = await queueStatus(requirePostgres(o.db ?? defaultDbLocation(), "rasad queue status"));
      process.stdout.write((o.json ? JSON.stringify(s, null, 2) : formatStatus(s)) + "\n");
    });
  queue
    .command("dead")
    .description("documents that failed every attempt, with their last error")
    .option("--db <url>", "the PostgreSQL store (default: $RASAD_DB)")
    .option("--limit <n>", "show at most this many", positive, 100)
    .option("--json", "print JSON")
    .action(async (o: { db?: string; limit: number; json?: boolean }) => {
      const { deadLetters, requirePostgres } = await queueModule();
      const d = await deadLetters(requirePostgres(o.db ?? defaultDbLocation(), "rasad queue dead"), o.limit);
      if (o.json) { process.stdout.write(JSON.stringify(d, null, 2) + "\n"); return; }
      if (d.total === 0) { process.stdout.write("no dead letters\n"); return; }
      for (const x of d.items) {
        process.stdout.write(`${x.id}  ${x.path ?? "?"}${x.item ? "#" + x.item : ""}  ${x.doc ?? ""}\n    ${x.code ? x.code + ": " : ""}${x.error}` +
          `${x.attempts ? ` (after ${x.attempts} attempts)` : ""}\n`);
      }
      if (d.total > d.items.length) process.stdout.write(`… and ${fmt(d.total - d.items.length)} more (--limit)\n`);
      process.stdout.write("queue them again with: rasad queue retry [ID…]\n");
    });
  queue
    .command("reset")
    .description("delete every queued, finished and dead job; with --store, empty the store too (benchmarks, tests)")
    .option("--db <url>", "the PostgreSQL store (default: $RASAD_DB)")
    .option("--store", "also delete every document, entity, claim, review and failure of the store")
    .option("--yes", "really do it")
    .action(async (o: { db?: string; store?: boolean; yes?: boolean }) => {
      const { resetQueue, requirePostgres } = await queueModule();
      const url = requirePostgres(o.db ?? defaultDbLocation(), "rasad queue reset");
      if (!o.yes) throw new RasadError("BAD_PARAM", `this deletes every job${o.store ? " and the whole store" : ""}: add --yes`, { param: "yes" });
      const n = await resetQueue(url);
      if (o.store) await (await import("../../store/postgres.js")).emptyPostgresStore(url);
      process.stdout.write(`${fmt(n)} jobs deleted${o.store ? "; the store is empty" : ""}\n`);
    });
  queue
    .command("retry")
    .description("queue dead letters again (all of them, or the given ids)")
    .argument("[ids...]", "dead-letter ids from `rasad queue dead`")
    .option("--db <url>", "the PostgreSQL store (default: $RASAD_DB)")
    .action(async (ids: string[], o: { db?: string }) => {
      const { retryDead, requirePostgres } = await queueModule();
      const n = await retryDead(requirePostgres(o.db ?? defaultDbLocation(), "rasad queue retry"), ids);
      process.stdout.write(`${fmt(n)} queued again\n`);
    });
}
