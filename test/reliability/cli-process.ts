// The rasad CLI as child processes for the reliability tests: run to the end, or start and kill.
//
// Children run the TypeScript sources through tsx's loader in the same process (`node --import tsx/loader`), not
// through tsx's own CLI, which starts a second node process: a SIGKILL must reach the process that writes.
// `snapshotSources` makes them run from a copy of src/ taken once, so that a long test sees one version of the code.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, symlinkSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..", "..");
const LOADER = pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href;
let cliRoot = ROOT;
const nodeArgs = () => ["--import", LOADER, join(cliRoot, "src", "cli", "index.ts")];

/**
 * Runs the CLI from a copy of src/ taken now, under `dir`: a test that compares runs made minutes apart must not
 * see the sources change under it (several people edit one working tree). node_modules is linked, not copied.
 */
export function snapshotSources(dir: string): void {
  const root = join(dir, "rasad");
  mkdirSync(root, { recursive: true });
  cpSync(join(ROOT, "src"), join(root, "src"), { recursive: true });
  copyFileSync(join(ROOT, "package.json"), join(root, "package.json"));
  symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"), "dir");
  cliRoot = root;
}

export interface Exit { code: number | null; signal: NodeJS.Signals | null }

export interface Running {
  child: ChildProcess;
  exited: Promise<Exit>;
  stdout(): string;
  stderr(): string;
  /** Milliseconds since the start. */
  age(): number;
}

/** Starts `rasad ARGS…`. */
export function start(args: string[]): Running {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs(), ...args], { cwd: cliRoot, stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout!.setEncoding("utf8").on("data", (c: string) => { out += c; });
  child.stderr!.setEncoding("utf8").on("data", (c: string) => { err += c; });
  const exited = new Promise<Exit>((ok) => child.on("exit", (code, signal) => ok({ code, signal })));
  return { child, exited, stdout: () => out, stderr: () => err, age: () => performance.now() - t0 };
}

/** Runs `rasad ARGS…` to the end (async, so the test's own event loop keeps running). */
export async function run(args: string[], timeoutMs = 120_000): Promise<Exit & { stdout: string; stderr: string; ms: number }> {
  const r = start(args);
  const timer = setTimeout(() => r.child.kill("SIGKILL"), timeoutMs);
  const e = await r.exited;
  clearTimeout(timer);
  return { ...e, stdout: r.stdout(), stderr: r.stderr(), ms: r.age() };
}

/** Kills with SIGKILL (no handler runs, nothing is flushed) and waits for the exit. */
export async function kill(r: Running): Promise<Exit> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill("SIGKILL");
  return r.exited;
}

/** Resolves with the server's base URL once `rasad serve` says where it listens; null if it exits first. */
export function listening(r: Running): Promise<string | null> {
  return new Promise((ok) => {
    const look = () => {
      const m = /rasad workbench: (http:\/\/[^\s/]+)\//.exec(r.stderr());
      if (m) { r.child.stderr!.off("data", look); ok(m[1]); }
    };
    r.child.stderr!.on("data", look);
    void r.exited.then(() => ok(null));
    look();
  });
}
