// A worker in a child process for queue.test.ts, which kills it with SIGKILL at a chosen point of its work:
//   hang-in-transaction: documents written, transaction open, jobs not completed
//   hang-after-claim:    jobs claimed, nothing extracted or written
// It prints one line when it gets there, then waits to be killed.
import { runWorker } from "../../src/queue/index.js";

const [url, mode] = process.argv.slice(2);
const hang = async (what: string, ids: string[]) => {
  process.stdout.write(`${what} ${ids.join(",")}\n`);
  setInterval(() => {}, 1000);
  await new Promise(() => {});
};

await runWorker(url, {
  threads: 0, batchSize: 3, pollMs: 100, maintenanceSeconds: 1,
  beforeCommit: mode === "hang-in-transaction" ? (ids) => hang("IN-TRANSACTION", ids) : undefined,
  onClaim: mode === "hang-after-claim" ? (jobs) => hang("CLAIMED", jobs.map((j) => j.docId)) : undefined,
});
