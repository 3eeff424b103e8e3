#!/usr/bin/env node
// `npm start`: build what is missing or stale (the CLI, the web UI), load the bundled sample corpus into ./rasad.db
// (reports already stored are skipped, reviews are kept), then serve the workbench on http://127.0.0.1:8080.
//
//   npm start                      # the defaults
//   npm start -- --port 9000       # anything after -- goes to `rasad serve`
//   RASAD_DB=/tmp/x.db npm start   # another store
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin", "rasad.js");
const CORPUS = join(ROOT, "samples", "corpus");
const DB = process.env.RASAD_DB && process.env.RASAD_DB.trim() !== "" ? process.env.RASAD_DB : join(ROOT, "rasad.db");

const say = (msg) => process.stderr.write(`start: ${msg}\n`);

/** The newest modification time under a path (0 when it does not exist). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let t = st.mtimeMs;
  for (const f of readdirSync(path)) t = Math.max(t, newest(join(path, f)));
  return t;
}
const mtime = (path) => (existsSync(path) ? statSync(path).mtimeMs : 0);

function run(args, what) {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) {
    say(`${what} failed (exit ${r.status ?? r.signal})`);
    return false;
  }
  return true;
}

// 1. The CLI (TypeScript → dist/).
const cliEntry = join(ROOT, "dist", "cli", "index.js");
if (mtime(cliEntry) < newest(join(ROOT, "src"))) {
  say("building the CLI (tsc)…");
  if (!run([join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], "the CLI build")) process.exit(1);
}

// 2. The web UI (Vite → web/dist/).
const web = join(ROOT, "web");
const uiIndex = join(web, "dist", "index.html");
const uiSources = Math.max(newest(join(web, "src")), mtime(join(web, "index.html")), mtime(join(web, "vite.config.ts")));
if (mtime(uiIndex) < uiSources) {
  say("building the web UI (vite)…");
  try {
    const { build } = await import("vite");
    await build({ configFile: join(web, "vite.config.ts"), logLevel: "warn" });
  } catch (err) {
    say(`the web UI build failed: ${err instanceof Error ? err.message : err}; the API will still be served`);
  }
}

// 3. The sample corpus.
const samples = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => /\.(json|jsonl|txt|html?)$/i.test(f)) : [];
if (samples.length === 0) {
  say(`no sample reports in ${CORPUS} yet: serving ${DB} as it is`);
} else {
  say(`loading ${samples.length} sample reports into ${DB}…`);
  if (!run([BIN, "ingest", CORPUS, "--db", DB, "--quiet"], "ingesting the samples")) say("serving the store as it is");
}

// 4. The workbench.
const child = spawn(process.execPath, [BIN, "serve", "--db", DB, ...process.argv.slice(2)], { cwd: ROOT, stdio: "inherit" });
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => child.kill(sig));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 0)));
