// Paths and temporary folders shared by the ingest tests.
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const CORPUS = join(ROOT, "test", "fixtures", "ingest", "corpus");
export const fixture = (rel: string) => join(CORPUS, rel);
/** The ANT corpus (../shared/data/corpus/ant beside the repository); absent on a fresh clone. */
export const ANT = join(ROOT, "..", "shared", "data", "corpus", "ant", "antcorpus_v1.1.jsonl");
export const HAVE_ANT = existsSync(ANT);
/** The tsx loader, to run the TypeScript CLI in a child process. */
export const TSX = join(ROOT, "node_modules", "tsx", "dist", "loader.mjs");
export const CLI = join(ROOT, "src", "cli", "index.ts");

const dirs: string[] = [];
export function tempDir(prefix = "rasad-ingest-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
process.on("exit", () => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });
