// `rasad extract`: one report (FILE or -) for people, or JSON lines in and out for programs (--jsonl).
import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { extract, type ExtractOptions } from "../../extract/index.js";
import { RasadError, describeError, type InputDoc } from "../../contract/index.js";
import { formatExtraction } from "../format.js";
import { extractOptionsFor } from "../extract-options.js";

export function registerExtract(program: Command): void {
  program
    .command("extract")
    .description("read Arabic reports and print their actors, places, flows, events and sources")
    .argument("[file]", "a text file, or - for standard input (not with --jsonl)")
    .option("--jsonl", "read JSON lines {id, text, url?, published?} on stdin, print one extraction per line")
    .option("--json", "print the full extraction as JSON instead of the summary")
    .option("--db <file>", "use the gazetteer imported into this store as well as the core one")
    .action(async (file: string | undefined, opts: { jsonl?: boolean; json?: boolean; db?: string }) => {
      const xo = await extractOptionsFor(opts.db);
      if (opts.jsonl) {
        await extractJsonl(file && file !== "-" ? file : null, xo);
        return;
      }
      if (!file) throw new RasadError("BAD_INPUT", "give a FILE, - for standard input, or --jsonl");
      const text = file === "-" ? readFileSync(0, "utf8") : readText(file);
      if (!text.trim()) throw new RasadError("EMPTY", "nothing to read", { file });
      const doc = asDocument(text, file === "-" ? "stdin" : file);
      const x = extract(doc, xo);
      if (opts.json) process.stdout.write(JSON.stringify(x, null, 2) + "\n");
      else process.stdout.write(formatExtraction(x, doc.text, { color: process.stdout.isTTY === true }) + "\n");
    });
}

/** A report file is its text; a JSON file with a "text" field (as ingest reads them) is that document. */
function asDocument(text: string, name: string): InputDoc {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("{")) {
    try {
      const d = JSON.parse(trimmed) as Partial<InputDoc>;
      if (d && typeof d.text === "string") {
        return { id: typeof d.id === "string" ? d.id : name, text: d.text, url: typeof d.url === "string" ? d.url : undefined,
          published: typeof d.published === "string" ? d.published : undefined, outlet: typeof d.outlet === "string" ? d.outlet : undefined };
      }
    } catch { /* not JSON: read it as text */ }
  }
  return { id: name, text };
}

function readText(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (err) {
    throw new RasadError("UNREADABLE", (err as NodeJS.ErrnoException).code ?? describeError(err), { file }, { cause: err });
  }
}

/** One extraction per input line; a bad line prints {"doc":{"id"},"error"} and the batch goes on. */
async function extractJsonl(file: string | null, xo: ExtractOptions): Promise<void> {
  const input = file ? (await import("node:fs")).createReadStream(file, "utf8") : process.stdin;
  const rl = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  const out: string[] = [];
  const flush = () => { if (out.length) { process.stdout.write(out.join("")); out.length = 0; } };
  for await (const line of rl) {
    n++;
    if (!line.trim()) continue;
    let id = `line-${n}`;
    try {
      let doc: unknown;
      try { doc = JSON.parse(line); } catch { throw new RasadError("BAD_JSON", "", { line: n }); }
      const d = doc as Partial<InputDoc>;
      if (d && typeof d.id === "string") id = d.id;
      else if (d && typeof d.id === "number") id = String(d.id);
      if (!d || typeof d.text !== "string") throw new RasadError("MISSING_FIELD", "text", { line: n, doc: id });
      const x = extract({ id, text: d.text, url: typeof d.url === "string" ? d.url : undefined, published: typeof d.published === "string" ? d.published : undefined }, xo);
      out.push(JSON.stringify(x) + "\n");
    } catch (err) {
      out.push(JSON.stringify({ doc: { id }, error: describeError(err) }) + "\n");
    }
    if (out.length >= 64) flush();
  }
  flush();
}
