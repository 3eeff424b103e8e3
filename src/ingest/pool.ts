// Extraction on every core: a piscina pool over worker.ts, or the same function in-process (workers = 0).
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { Piscina } from "piscina";
import runTask, { closeReaders, type ExtractTask, type ExtractResult } from "./worker.js";

export interface ExtractPool {
  run(task: ExtractTask): Promise<ExtractResult>;
  close(): Promise<void>;
  readonly threads: number;
}

/** The worker module: compiled JavaScript beside this file, or the TypeScript source run through tsx (tests, dev). */
function workerFile(): { filename: string; execArgv: string[] } {
  const js = new URL("./worker.js", import.meta.url);
  if (existsSync(fileURLToPath(js))) return { filename: fileURLToPath(js), execArgv: [] };
  const ts = new URL("./worker.ts", import.meta.url);
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
  return { filename: fileURLToPath(ts), execArgv: ["--import", tsx] };
}

export function createPool(threads: number): ExtractPool {
  if (threads <= 0) {
    return {
      threads: 0,
      run: (task) => runTask(task),
      close: async () => closeReaders(),
    };
  }
  const { filename, execArgv } = workerFile();
  // tasks queued in each worker without a cap of the pool's own (the run's read-ahead, 2 batches + 128 a worker,
  // bounds them): while the main thread writes a batch (synchronous SQLite, ~0.2 s for 256 documents) it cannot
  // hand out tasks, and a worker holding 64 finished them in a fraction of that and waited (1× ANT: 13 s → 9 s). A young generation of 16 MB (V8's default
  // lets it grow to 32): ~40 MB less at the peak of a 10× ingest with 2 workers, for ~3% more CPU in their GC.
  const pool = new Piscina({
    filename, minThreads: threads, maxThreads: threads, execArgv, idleTimeout: 60_000, concurrentTasksPerWorker: 1024,
    resourceLimits: { maxYoungGenerationSizeMb: 16 },
  });
  // a worker that cannot start fails the tasks given to it; the pool's own error event must not crash the process
  pool.on("error", () => {});
  return {
    threads,
    run: (task) => pool.run(task) as Promise<ExtractResult>,
    close: () => pool.destroy(),
  };
}
