import { openStore } from "./src/store/index.ts";
import { ingest } from "./src/ingest/index.ts";
import { snapshot } from "./test/ingest/snapshot.ts";
import { rmSync } from "node:fs";
const res: any[] = [];
for (const w of [0, 0, 2, 1]) {
  const f = `/tmp/scratch/det${res.length}.db`; for (const x of ["", "-wal", "-shm"]) rmSync(f + x, { force: true });
  const store = await openStore(f);
  const s = await ingest(["/tmp/scratch/ant300.jsonl"], { store, workers: w });
  console.log(w, s.seconds.toFixed(1), s.ingested);
  await store.close();
  res.push(snapshot(f));
}
for (let i = 1; i < res.length; i++) console.log(i, Object.keys(res[0]).filter((k) => JSON.stringify(res[0][k]) !== JSON.stringify(res[i][k])));
const a = res[0].claims as any[], b = res[2].claims as any[];
const ida = new Set(a.map((x) => x.id)), idb = new Set(b.map((x) => x.id));
console.log(a.length, b.length, a.filter((x) => !idb.has(x.id)).slice(0, 3), b.filter((x) => !ida.has(x.id)).slice(0, 3));
