// `rasad ingest`: read reports into the store, with a progress bar on a terminal and a summary at the end.
import { InvalidArgumentError, type Command } from "commander";
import { stopOnInterrupt } from "../interrupt.js";
import { RasadError } from "../../contract/index.js";
import { openStore, defaultDbLocation } from "../../store/index.js";
// the ingest path (worker pool, HTML and feed parsers, encodings) loads only when this command runs
import type { IngestProgress, IngestSummary } from "../../ingest/index.js";

/** "10MB", "512k", "1048576" → bytes. */
export function parseSize(s: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?|b)?\s*$/i.exec(s);
  if (!m) throw new InvalidArgumentError(`not a size: ${s} (try 5MB, 512k or a number of bytes)`);
  const unit = (m[2] ?? "b").toLowerCase()[0];
  const mult = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const n = Math.round(Number(m[1]) * mult);
  if (n <= 0) throw new InvalidArgumentError("the size must be above 0");
  return n;
}

export function parseCount(min: number) {
  return (s: string): number => {
    const n = Number(s);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected a whole number ≥ ${min}, got ${s}`);
    return n;
  };
}

export function parseFraction(s: string): number {
  const n = Number(s);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError(`expected a number from 0 to 1, got ${s}`);
  return n;
}

const fmt = (n: number) => n.toLocaleString("en-US");

export function progressLine(p: IngestProgress): string {
  const width = 24;
  const frac = p.totalBytes > 0 ? Math.min(1, p.bytes / p.totalBytes) : 0;
  const full = Math.round(frac * width);
  const rate = p.seconds > 0 ? (p.ingested + p.reextracted) / p.seconds : 0;
  const pct = p.totalBytes > 0 ? `${String(Math.floor(frac * 100)).padStart(3)}% ` : "";
  return `[${"█".repeat(full)}${"░".repeat(width - full)}] ${pct}${fmt(p.read)} read · ${fmt(p.ingested)} new · ` +
    `${fmt(p.duplicates)} dup · ${fmt(p.failed)} failed · ${rate.toFixed(0)} docs/s`;
}

const plural = (n: number, one: string, many = one + "s") => `${fmt(n)} ${n === 1 ? one : many}`;

export function formatSummary(s: IngestSummary): string {
  const lines = [
    `${fmt(s.read)} read · ${fmt(s.ingested)} ingested (${plural(s.nearDuplicates, "near-duplicate")}) · ${plural(s.duplicates, "duplicate")}` +
      `${s.reextracted ? ` · ${fmt(s.reextracted)} re-extracted` : ""} · ${fmt(s.failed)} failed · ` +
      `${s.seconds.toFixed(1)} s · ${s.docsPerSecond.toFixed(0)} docs/s · ${s.workers ? plural(s.workers, "worker") : "no workers"}`,
  ];
  if (s.stopped) lines.push("stopped before the end: run the same command again to finish (stored documents are skipped)");
  if (s.failures.length > 0) {
    lines.push("failed:");
    // the message names the file and line; an item of a JSON list or a feed is added
    for (const f of s.failures.slice(0, 20)) lines.push(`  ${f.code.padEnd(13)} ${f.message}${f.item && !f.item.startsWith("L") ? ` (item ${f.item})` : ""}`);
    if (s.failed > 20) lines.push(`  … and ${fmt(s.failed - 20)} more: rasad query failures`);
  }
  return lines.join("\n");
}

export function registerIngest(program: Command): void {
  program
    .command("ingest")
    .description("read reports into the store: files, folders (recursively) or - for standard input; text, HTML, JSON, JSONL, RSS and Atom")
    .argument("<paths...>", "files or folders; - reads standard input")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--queue", "queue the documents for `rasad worker` processes instead of extracting here (PostgreSQL store)")
    .option("--max-size <bytes>", "largest document, e.g. 5MB (default 10MB)", parseSize)
    .option("--workers <n>", "extraction threads (default: one per core but one; 0 extracts in the main thread)", parseCount(0))
    .option("--batch <n>", "documents per transaction", parseCount(1), 256)
    .option("--near-threshold <j>", "share of word 3-shingles (Jaccard, 0-1) from which a text is a near-duplicate; 0 turns it off", parseFraction, 0.7)
    .option("--reextract", "re-extract stored documents made by another pipeline version (reviews are kept)")
    .option("--json", "print the summary as JSON")
    .option("-q, --quiet", "no progress bar")
    .action(async (paths: string[], o: { queue?: boolean; db?: string; maxSize?: number; workers?: number; batch: number; nearThreshold: number; reextract?: boolean; json?: boolean; quiet?: boolean }) => {
      if (o.queue) return (await import("./queue.js")).ingestToQueue(paths, o);
      const store = await openStore(o.db ?? defaultDbLocation());
      const tty = Boolean(process.stderr.isTTY) && !o.quiet && !o.json;
      const stop = stopOnInterrupt();
      let last: IngestProgress | null = null;
      const draw = () => { if (last) process.stderr.write(`\r\x1b[K${progressLine(last)}`); };
      const timer = tty ? setInterval(draw, 250) : null;
      let summary: IngestSummary;
      try {
        const { ingest } = await import("../../ingest/index.js");
        summary = await ingest(paths, {
          store, workers: o.workers, maxSize: o.maxSize, batchSize: o.batch, nearThreshold: o.nearThreshold, reextract: o.reextract,
          signal: stop.signal, onProgress: (p) => { last = p; },
        });
      } catch (err) {
        throw err instanceof RasadError ? err : new RasadError("INTERNAL", (err as Error).message, {}, { cause: err });
      } finally {
        if (timer) { clearInterval(timer); process.stderr.write("\r\x1b[K"); }
        stop.release();
        await store.close();
      }
      process.stdout.write((o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)) + "\n");
    });
}
