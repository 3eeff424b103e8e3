// `rasad gazetteer import [--db FILE] FILE…`: load Who's On First TSV and GeoNames dump files into the store, so
// that `rasad extract --db FILE` and `rasad ingest --db FILE` match and geocode their places (extract-options.ts
// loads them through gazetteerOptions).
import type { Command } from "commander";
import { lexiconWith } from "../../lexicon/index.js";
import { RasadError } from "../../contract/index.js";
import { importGazetteer, gazetteerEntries, type FileSummary, type ImportSummary } from "../../gazetteer/index.js";
import { defaultDbLocation } from "../../store/index.js";

export function registerGazetteer(program: Command): void {
  const gaz = program.command("gazetteer").description("full gazetteers (Who's On First, GeoNames) for matching and geocoding places");
  gaz
    .command("import")
    .description("import Who's On First TSV or GeoNames dump files (the format is recognised); re-importing a file replaces it")
    .argument("<files...>", "gazetteer files")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--json", "print the summary as JSON")
    .option("-q, --quiet", "no progress")
    .action(async (files: string[], o: { db?: string; json?: boolean; quiet?: boolean }) => {
      const db = o.db ?? defaultDbLocation();
      const tty = Boolean(process.stderr.isTTY) && !o.quiet && !o.json;
      const summary = await importGazetteer(db, files, {
        onProgress: tty ? (p) => process.stderr.write(`\r\x1b[K${p.file}: ${p.rows.toLocaleString("en")} rows, ${pct(p.bytes, p.totalBytes)}`) : undefined,
        onFile: (s) => {
          if (tty) process.stderr.write("\r\x1b[K");
          if (o.quiet || o.json) return;
          process.stderr.write("error" in s ? `rasad: ${s.error.message}\n` : `${fileLine(s)}\n`);
        },
      });
      // the lexicon the extractor will use: how many entries, and how long it takes to build
      const t0 = performance.now();
      const load = gazetteerEntries(db);
      const lex = load ? lexiconWith(load.entries) : null;
      const compileMs = performance.now() - t0;
      const index = load && lex ? { entries: load.stats.entries, forms: load.stats.forms, needHead: load.stats.risky, sameAsCore: load.stats.same,
        trieNodes: countNodes(lex.root), ms: Math.round(compileMs) } : null;
      if (o.json) process.stdout.write(JSON.stringify({ ...summary, failures: summary.failures.map((f) => ({ path: f.path, error: f.error.toJSON() })), lexicon: index }, null, 2) + "\n");
      else process.stdout.write(formatSummary(db, summary, index) + "\n");
      if (summary.failures.length) {
        throw new RasadError("BAD_INPUT", `${summary.failures.length} of ${files.length} file${files.length > 1 ? "s" : ""} not imported`);
      }
    });
}

function pct(a: number, b: number): string { return b > 0 ? `${Math.min(100, Math.round((100 * a) / b))}%` : ""; }
const num = (n: number) => n.toLocaleString("en");

function fileLine(s: FileSummary): string {
  const skipped = [s.superseded && `${num(s.superseded)} superseded`, s.malformed && `${num(s.malformed)} malformed`,
    Object.keys(s.otherTypes).length && `${num(Object.values(s.otherTypes).reduce((a, b) => a + b, 0))} of other kinds`].filter(Boolean);
  return `${s.file} (${s.format === "wof" ? "Who's On First" : "GeoNames"}): ${num(s.places)} places, ${num(s.names)} names (${num(s.arabicNames)} Arabic)` +
    `${skipped.length ? `; left out ${skipped.join(", ")}` : ""}${s.derivedAdmin1 ? `; governorate derived for ${num(s.derivedAdmin1)}` : ""} · ${(s.ms / 1000).toFixed(1)} s`;
}

interface IndexInfo { entries: number; forms: number; needHead: number; sameAsCore: number; trieNodes: number; ms: number }

function formatSummary(db: string, s: ImportSummary, index: IndexInfo | null): string {
  const lines = [
    `imported ${s.files.length} file${s.files.length === 1 ? "" : "s"} into ${db} in ${(s.ms / 1000).toFixed(1)} s` +
      (s.failures.length ? ` (${s.failures.length} failed)` : ""),
    `gazetteer: ${num(s.totalPlaces)} places, ${num(s.totalNames)} names, ${num(s.totalArabicKeys)} distinct Arabic keys, ${(s.bytes / 1048576).toFixed(1)} MiB on disk`,
  ];
  if (index) {
    lines.push(`lexicon: ${num(index.entries)} places with Arabic names (${num(index.forms)} forms; ${num(index.needHead)} need a head noun; ` +
      `${num(index.sameAsCore)} are core places), ${num(index.trieNodes)} trie nodes, built in ${(index.ms / 1000).toFixed(1)} s`);
  }
  return lines.join("\n");
}

function countNodes(root: { next: Map<string, unknown> | null }): number {
  let n = 0;
  const stack: Array<{ next: Map<string, unknown> | null }> = [root];
  while (stack.length) {
    const node = stack.pop()!;
    n++;
    if (node.next) for (const c of node.next.values()) stack.push(c as { next: Map<string, unknown> | null });
  }
  return n;
}
