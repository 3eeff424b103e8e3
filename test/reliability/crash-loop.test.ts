// Crash safety (issue 7, part 3): `rasad ingest` and `rasad serve` are killed with SIGKILL at random points, alone
// and both at once on one store, while the server takes analysts' reviews. After every kill the store must open,
// pass `PRAGMA integrity_check`, hold no partial document and keep every review it acknowledged; a complete run
// then leaves exactly the documents of a run on a fresh store, none lost and none twice.
//
// The schedule comes from a seed, printed first: RASAD_CRASH_SEED=<seed> replays the same rounds and kill points.
// A kill point is a place in the work (after the k-th new document is stored, then a few milliseconds; or so long
// after the server listens), not a wall-clock time, so it lands alike on a slow or busy machine.
// RASAD_CRASH_KILLS sets how many SIGKILLs (default 20).
import { describe, it, expect, afterAll } from "vitest";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore } from "../../src/store/index.js";
import { writeCorpus, rng } from "./synthetic-corpus.js";
import { start, run, kill, listening, snapshotSources, type Running, type Exit } from "./cli-process.js";
import { readState, checkStore, compareComplete, watchStore, type AckedReview, type StoreState, type StoreWatch } from "./store-check.js";

const SEED = Number(process.env.RASAD_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = Math.max(3, Number(process.env.RASAD_CRASH_KILLS ?? 20));

const dir = mkdtempSync(join(tmpdir(), "rasad-crash-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise<void>((ok) => setTimeout(ok, ms));
const alive = (p: Running) => p.child.exitCode === null && p.child.signalCode === null;

type Mode = "ingest" | "serve" | "both";

/** Three lanes posting reviews as an analyst until stopped; those answered 201 go into `acked`. */
function reviewLoop(url: string, token: string, claim: () => string, tag: string, acked: AckedReview[], r: () => number) {
  let stopped = false;
  const counts = { acked: 0, refused: 0, cut: 0 };
  const lane = async (n: number) => {
    for (let k = 0; !stopped; k++) {
      const body = { claimId: claim(), verdict: r() < 0.7 ? "confirm" : "reject", note: `${tag}-${n}-${k}` };
      let status = 0;
      let text = "";
      try {
        const res = await fetch(`${url}/api/reviews`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify(body),
        });
        status = res.status;
        text = await res.text();
      } catch {
        counts.cut++; // the server died under the request: not acknowledged, and this lane is done
        return;
      }
      if (status === 201) {
        const { review } = JSON.parse(text) as { review: { id: number } };
        acked.push({ id: review.id, claimId: body.claimId, verdict: body.verdict, note: body.note });
        counts.acked++;
      } else if (status === 404 || status === 429) {
        counts.refused++; // a claim whose document is not stored yet, or the write limit: refused, not acknowledged
      } else {
        throw new Error(`a review was answered ${status}: ${text}`);
      }
      await sleep(5 + Math.floor(r() * 20));
    }
  };
  const lanes = Promise.all([0, 1, 2].map(lane));
  return { counts, async stop() { stopped = true; await lanes; } };
}

/** Resolves when the store holds `n` documents, or the process has exited. */
async function untilDocuments(watch: StoreWatch, n: number, p: Running): Promise<void> {
  while (alive(p) && watch.documents() < n) await sleep(15);
}

describe("crash safety", () => {
  it(`keeps the store whole through ${KILLS} SIGKILLs of ingest and serve (seed ${SEED})`, async () => {
    process.stderr.write(`crash loop: seed ${SEED} (replay with RASAD_CRASH_SEED=${SEED})\n`);
    snapshotSources(dir);
    const corpus = writeCorpus(dir, 200, 40);

    // the expected end: one clean run on a fresh store
    const refDb = join(dir, "ref.db");
    const clean = await run(["ingest", "--db", refDb, "--json", "-q", ...corpus.paths]);
    expect(clean.stderr).toBe("");
    expect(clean.code).toBe(0);
    const ref: StoreState = readState(refDb);
    const summary = JSON.parse(clean.stdout) as { read: number; ingested: number; failed: number; seconds: number };
    expect(summary).toMatchObject({ read: corpus.items, ingested: ref.docs.size, failed: 1 });
    const refClaims = [...ref.docs.values()].flatMap((d) => d.claims.split(" ").filter(Boolean));
    expect(refClaims.length).toBeGreaterThan(300);
    expect([...ref.docs.values()].filter((d) => d.duplicateOf).length).toBe(1);
    // how long a start takes before the first document (module loading, the lexicon): some kills land in it
    const ingestStartMs = Math.max(200, clean.ms - summary.seconds * 1000);

    // every store starts as a copy of one holding only an analyst token made by `rasad token create`
    const template = join(dir, "template.db");
    const tok = await run(["token", "create", "--role", "analyst", "--name", "crash-test", "--db", template]);
    expect(tok.code).toBe(0);
    const token = tok.stdout.trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const r = rng(SEED);
    let generation = 0;
    let file = "";
    let acked: AckedReview[] = [];
    const newStore = () => { file = join(dir, `crash-${++generation}.db`); copyFileSync(template, file); acked = []; };
    newStore();

    let serveStartMs = 2000;
    const tally = { rounds: 0, kills: 0, partial: 0, complete: 0, acked: 0, refused: 0, cut: 0, ingestKills: 0, serveKills: 0 };
    const modes: Mode[] = [];

    for (let i = 0; tally.kills < KILLS && i < 4 * KILLS; i++) {
      // the three kinds in turn, shuffled in each round of three
      if (i % 3 === 0) {
        const round: Mode[] = ["ingest", "serve", "both"];
        for (let k = 2; k > 0; k--) { const j = Math.floor(r() * (k + 1)); [round[k], round[j]] = [round[j], round[k]]; }
        modes.push(...round);
      }
      const mode = modes[i];
      // every draw is made, used or not, so that a seed replays the same plan
      const draw = { ingestEarly: r() < 0.15, ingestAt: r(), ingestExtra: r(), serveEarly: r() < 0.15, serveAt: r(),
        workers: r() < 0.75 ? "0" : "1", batch: r() < 0.5 ? [] : ["--batch", "8"] };
      const lane = rng(SEED + 7919 * (i + 1));
      const watch = watchStore(file);
      const before = watch.documents();
      // mostly stored claims; one in ten from the clean run, maybe not stored yet (refused with 404)
      const claim = () => (lane() < 0.1 ? null : watch.claim(lane())) ?? refClaims[Math.floor(lane() * refClaims.length)];

      const ingest: Running | null = mode !== "serve"
        ? start(["ingest", "--db", file, "--json", "-q", "--workers", draw.workers, ...draw.batch, ...corpus.paths]) : null;
      const serve: Running | null = mode !== "ingest" ? start(["serve", "--db", file, "--port", "0", "--no-local-token"]) : null;
      const killed: string[] = [];
      const plan: string[] = [];
      let reviews: ReturnType<typeof reviewLoop> | null = null;

      const killIngest = async (p: Running) => {
        const remaining = ref.docs.size - before;
        if (remaining === 0) {
          // every document is in: this rerun only has to finish (and the next round starts on a fresh store)
          plan.push("ingest to its end");
          await p.exited;
          return;
        }
        if (draw.ingestEarly) {
          // during start-up, before anything is written
          const at = Math.round(draw.ingestAt * ingestStartMs);
          plan.push(`ingest at ${at} ms`);
          await Promise.race([sleep(at), p.exited]);
        } else {
          // after the k-th new document is stored, then up to a quarter second more: between or inside batches
          const k = 1 + Math.floor(draw.ingestAt * remaining);
          const extra = Math.round(draw.ingestExtra * 250);
          plan.push(`ingest after document ${before + k} + ${extra} ms`);
          await untilDocuments(watch, before + k, p);
          await Promise.race([sleep(extra), p.exited]);
        }
        if (alive(p)) {
          expect((await kill(p)).signal).toBe("SIGKILL");
          killed.push("ingest");
        }
      };

      const killServe = async (p: Running) => {
        const url = listening(p);
        let gone = false;
        void p.exited.then(() => { gone = true; });
        if (draw.serveEarly) {
          const at = Math.round(draw.serveAt * serveStartMs);
          plan.push(`serve at ${at} ms`);
          await sleep(at);
        } else {
          const u = await url;
          if (u) {
            serveStartMs = 0.7 * serveStartMs + 0.3 * p.age();
            reviews = reviewLoop(u, token, claim, `s${SEED}-r${i}`, acked, lane);
            const at = 100 + Math.round(draw.serveAt * 1900);
            plan.push(`serve ${at} ms after listening`);
            await sleep(at);
          }
        }
        if (gone && !killed.includes("serve")) throw new Error(`serve exited by itself: ${p.stderr()}`);
        expect((await kill(p)).signal).toBe("SIGKILL");
        killed.push("serve");
      };

      await Promise.all([ingest ? killIngest(ingest) : null, serve ? killServe(serve) : null]);
      const rl = reviews as ReturnType<typeof reviewLoop> | null;
      if (rl) {
        await rl.stop();
        tally.acked += rl.counts.acked;
        tally.refused += rl.counts.refused;
        tally.cut += rl.counts.cut;
      }
      watch.close();
      tally.rounds++;
      tally.kills += killed.length;
      tally.ingestKills += killed.filter((k) => k === "ingest").length;
      tally.serveKills += killed.filter((k) => k === "serve").length;
      // an ingest that was not killed ran to its end, and must have succeeded
      const finished: Exit | null = ingest && !killed.includes("ingest") ? await ingest.exited : null;
      if (finished) expect(finished, `ingest failed: ${ingest!.stderr()}`).toEqual({ code: 0, signal: null });

      // the store opens (and migrates, if the kill came before its schema was written) …
      const store = await openStore(file);
      const stats = await store.stats();
      await store.close();
      // … and is whole
      const check = checkStore(file, ref, acked);
      process.stderr.write(`${String(i + 1).padStart(2)} ${mode.padEnd(6)} ${plan.join(", ")}${finished ? " (ingest ended first)" : ""}:` +
        ` ${check.documents} documents, ${check.reviews} reviews, ${acked.length} acknowledged\n`);
      expect(check.problems, `after round ${i + 1} (${mode}; ${plan.join(", ")}; seed ${SEED})`).toEqual([]);
      expect(stats.documents).toBe(check.documents);
      if (check.documents > before && check.documents < ref.docs.size) tally.partial++;

      if (finished) {
        // a run that got to the end: the store is the clean one (plus reviews); go on with a fresh store
        expect(compareComplete(file, ref), `complete run in store ${generation} (seed ${SEED})`).toEqual([]);
        tally.complete++;
        newStore();
      }
    }

    // rerun to the end on the last store
    const last = await run(["ingest", "--db", file, "--json", "-q", ...corpus.paths]);
    expect(last.code, last.stderr).toBe(0);
    expect(checkStore(file, ref, acked).problems).toEqual([]);
    expect(compareComplete(file, ref)).toEqual([]);

    // and the server restarts on it and shows the reviews
    const serve = start(["serve", "--db", file, "--port", "0", "--no-local-token"]);
    try {
      const url = await listening(serve);
      expect(url, serve.stderr()).not.toBeNull();
      const health = await (await fetch(`${url}/api/health`)).json() as { documents: number };
      expect(health.documents).toBe(ref.docs.size);
      const reviews = await (await fetch(`${url}/api/reviews?limit=1`)).json() as { total: number };
      expect(reviews.total).toBeGreaterThanOrEqual(acked.length);
    } finally {
      serve.child.kill("SIGTERM");
      expect((await serve.exited).code).toBe(0);
    }

    process.stderr.write(`crash loop: seed ${SEED}: ${tally.kills} SIGKILLs (${tally.ingestKills} ingest, ${tally.serveKills} serve) in ${tally.rounds} rounds; ` +
      `${tally.partial} kills added part of the corpus; ${tally.complete} ingest runs ended before their kill; ` +
      `${tally.acked} reviews acknowledged, ${tally.refused} refused, ${tally.cut} cut by a kill\n`);
    expect(tally.kills).toBeGreaterThanOrEqual(KILLS);
    // the kills must have landed where they matter: in the middle of an ingest, and while reviews were acknowledged
    expect(tally.partial).toBeGreaterThan(0);
    expect(tally.acked).toBeGreaterThan(10);
  }, 300_000);
});
