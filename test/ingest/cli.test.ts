// `rasad ingest` as a user runs it: a child process, worker threads, stdin, quiet when piped, and kill -9 mid-run.
import { describe, it, expect } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import Database from "better-sqlite3";
import { CORPUS, TSX, CLI, ROOT, tempDir } from "./helpers.js";
import { snapshot, checkIntegrity } from "./snapshot.js";

const NODE_ARGS = ["--import", pathToFileURL(TSX).href, CLI];

function rasad(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [...NODE_ARGS, ...args], { cwd: ROOT, input, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A corpus of our own synthetic reports: sentences from a pool with slots filled by a seeded generator. */
function syntheticCorpus(file: string, n: number): void {
  const actors = ["ميليشيا الدفاع الوطني", "الفرقة الرابعة", "خلايا داعش", "قوات سوريا الديمقراطية", "هيئة تحرير الشام", "الحرس الثوري", "مجموعات محلية", "فصائل المعارضة"];
  const places = ["دير الزور", "الميادين", "البوكمال", "الرقة", "السخنة", "تدمر", "درعا", "إدلب", "الحسكة", "القامشلي", "حماة", "السلمية"];
  const items = ["المحروقات", "الأسلحة", "الخردة", "الأدوية", "الطحين", "الأغنام", "السجائر", "الكبتاغون", "النحاس", "القمح"];
  const verbs = ["فرضت", "جمعت", "صادرت", "نقلت", "باعت", "هربت", "اشترت", "منعت"];
  const frames = [
    (a: string, p: string, i: string, v: string, k: number) => `قالت مصادر محلية إن ${a} ${v} ${i} في ريف ${p} خلال الأيام الماضية مقابل ${k} دولار عن كل شحنة.`,
    (a: string, p: string, i: string, v: string, k: number) => `وأضافت المصادر أن عناصر ${a} يسيطرون على حاجز عند مدخل ${p} ويأخذون ${k} ألف ليرة من كل سيارة تحمل ${i}.`,
    (a: string, p: string, i: string) => `وأفاد ناشطون بأن الأهالي في ${p} يشتكون من ارتفاع أسعار ${i} بعد أن احتكرها تجار مقربون من ${a}.`,
    (a: string, p: string, _i: string, _v: string, k: number) => `وفي سياق متصل قُتل ${k % 9 + 1} أشخاص في هجوم نفذته ${a} على موقع قرب ${p} فجر اليوم.`,
    (a: string, p: string, i: string) => `ويقول تجار في ${p} إن تجارة ${i} صارت حكراً على شبكات تعمل لصالح ${a} منذ مطلع العام.`,
  ];
  let seed = 12345;
  const rnd = (k: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % k; };
  const lines: string[] = [];
  for (let d = 0; d < n; d++) {
    if (d % 500 === 250) { lines.push(`{"id": "bad-${d}", "text": "سطر مقطوع`); continue; }
    const parts: string[] = [];
    for (let s = 0; s < 4; s++) {
      parts.push(frames[rnd(frames.length)](actors[rnd(actors.length)], places[rnd(places.length)], items[rnd(items.length)], verbs[rnd(verbs.length)], 100 + rnd(900)));
    }
    const day = String(1 + (d % 28)).padStart(2, "0");
    lines.push(JSON.stringify({ id: `syn-${d}`, url: `https://synthetic.example/${d}`, outlet: `منفذ ${d % 7}`, published: `2024-02-${day}`, title: `تقرير ${d}`, text: parts.join(" ") }));
  }
  writeFileSync(file, lines.join("\n") + "\n");
}

describe("rasad ingest (CLI)", () => {
  it("ingests the fixture corpus with worker threads, prints a JSON summary, and keeps stderr quiet when piped", () => {
    const db = join(tempDir(), "cli.db");
    const r = rasad(["ingest", "--db", db, "--workers", "1", "--json", CORPUS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ read: 30, ingested: 19, nearDuplicates: 1, duplicates: 2, failed: 9, workers: 1 });
  }, 120_000);

  it("reads standard input and uses RASAD_DB", () => {
    const db = join(tempDir(), "env.db");
    const lines = ['{"text": "قالت مصادر محلية إن تجار الخردة في الميادين يدفعون إتاوات شهرية."}', '{"text": "أفاد ناشطون بوصول شحنة طحين إلى مدينة الرقة."}'].join("\n");
    const r = spawnSync(process.execPath, [...NODE_ARGS, "ingest", "--workers", "0", "--json", "-"], {
      cwd: ROOT, input: lines, encoding: "utf8", env: { ...process.env, RASAD_DB: db },
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ read: 2, ingested: 2 });
    expect(existsSync(db)).toBe(true);
  }, 120_000);

  it("fails clearly on a bad option or an unusable store", () => {
    const bad = rasad(["ingest", "--max-size", "lots", CORPUS]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/not a size: lots/);
    const dir = tempDir();
    const r = rasad(["ingest", "--db", dir, CORPUS]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^rasad: file .*: the store failed \(cannot open /);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  }, 120_000);

  it("survives kill -9 mid-run: the store is whole, and a rerun ends with the same store as a clean run", async () => {
    const dir = tempDir();
    const corpus = join(dir, "synthetic.jsonl");
    syntheticCorpus(corpus, 600);
    const clean = join(dir, "clean.db");
    const c = rasad(["ingest", "--db", clean, "--workers", "0", "--json", corpus]);
    expect(c.code).toBe(0);
    const cs = JSON.parse(c.stdout);
    expect(cs).toMatchObject({ read: 600, failed: 1 });

    const killed = join(dir, "killed.db");
    const child = spawn(process.execPath, [...NODE_ARGS, "ingest", "--db", killed, "--batch", "8", corpus], { cwd: ROOT, stdio: "ignore" });
    const exited = new Promise<number | null>((res) => child.on("exit", (_code, signal) => res(signal ? null : _code)));
    let atKill = 0;
    for (let i = 0; i < 3000 && atKill < 40; i++) {
      await new Promise((r) => setTimeout(r, 20));
      if (!existsSync(killed)) continue;
      try {
        const db = new Database(killed, { readonly: true, fileMustExist: true });
        try { atKill = (db.prepare("SELECT count(*) AS n FROM documents").get() as { n: number }).n; } finally { db.close(); }
      } catch { /* the schema is not there yet */ }
    }
    child.kill("SIGKILL");
    expect(await exited).toBeNull(); // killed, not finished
    const after = checkIntegrity(killed);
    expect(after.problems).toEqual([]);
    expect(after.documents).toBeGreaterThanOrEqual(atKill);
    expect(after.documents).toBeLessThan(cs.ingested);

    const rerun = rasad(["ingest", "--db", killed, "--workers", "0", "--json", corpus]);
    expect(rerun.code).toBe(0);
    const rs = JSON.parse(rerun.stdout);
    expect(rs.ingested + after.documents).toBe(cs.ingested);
    expect(snapshot(killed)).toEqual(snapshot(clean));
  }, 240_000);
});
