// `rasad export`: the store (under the filters of `query`) as FollowTheMoney, ACLED CSV, GEXF, GraphML, GeoJSON or JSONL.
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { Option, type Command } from "commander";
import { RasadError } from "../../contract/index.js";
import { openStore, defaultDbLocation } from "../../store/index.js";
import { exportStream, EXPORT_FORMATS, FORMAT_INFO } from "../../export/index.js";
import { addFilterOptions, filterFromOptions, type FilterOpts } from "./query.js";
import { parseCount } from "./ingest.js";

export function registerExport(program: Command): void {
  addFilterOptions(
    program
      .command("export")
      .description("write the store out for other tools: " + EXPORT_FORMATS.map((f) => `${f} (${FORMAT_INFO[f].what})`).join("; ")),
  )
    .addOption(new Option("--format <format>", "output format").choices([...EXPORT_FORMATS]).makeOptionMandatory())
    .option("--out <file>", "write to this file (default: standard output)")
    .addOption(new Option("--min-outlets <n>", "graph formats: only edges carried by this many independent outlets").argParser(parseCount(1)))
    .action(async (o: FilterOpts & { format: string; out?: string }) => {
      const store = await openStore(o.db ?? defaultDbLocation(), { readonly: true }).catch((err) => {
        throw err instanceof RasadError && /cannot open/.test(err.message)
          ? new RasadError("NOT_FOUND", `no store at ${o.db ?? defaultDbLocation()}; ingest something first (rasad ingest PATH)`, { param: "db" })
          : err;
      });
      const tmp = o.out ? `${o.out}.partial` : null;
      const out = tmp ? createWriteStream(tmp) : process.stdout;
      try {
        const filter = await filterFromOptions(store, o);
        for await (const chunk of exportStream(store, o.format, filter)) {
          if (!out.write(chunk)) await once(out, "drain");
        }
        if (tmp) {
          (out as ReturnType<typeof createWriteStream>).end();
          await once(out, "finish");
          // a finished file only: an interrupted export leaves no half-written file under the name asked for
          const { rename } = await import("node:fs/promises");
          await rename(tmp, o.out!);
        }
      } catch (err) {
        if (tmp) {
          (out as ReturnType<typeof createWriteStream>).destroy();
          const { rm } = await import("node:fs/promises");
          await rm(tmp, { force: true });
        }
        throw err;
      } finally {
        await store.close();
      }
    });
}
