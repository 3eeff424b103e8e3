// The human output of `rasad query`: Arabic names with English glosses, evidence, source, review; filters from options.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { openStore, type Store } from "../../src/store/index.js";
import {
  formatFlow, formatEvent, formatEdge, formatProfile, formatHit, formatStats, addFilterOptions, filterFromOptions,
} from "../../src/cli/commands/query.js";
import { formatSummary, parseSize, progressLine } from "../../src/cli/commands/ingest.js";
import { inputA, inputB, inputC, docIdOf, TEXT_A } from "../store/fixtures.js";

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rasad-format-"));
  store = await openStore(join(dir, "x.db"));
  await store.putDocuments([inputA(), inputB(), inputC()]);
  const a = (await store.getDocument(docIdOf(TEXT_A)))!;
  await store.addReview({ claimId: a.flows.find((f) => f.mode === "pay")!.id, verdict: "confirm", reviewer: "lina" });
});
afterAll(async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); });

describe("query output", () => {
  it("a flow: date, parties with glosses, items, mode, place, source, evidence, document", async () => {
    const f = (await store.listFlows({ giver: ["actor/isis"], originalsOnly: true })).items[0];
    const s = formatFlow(f);
    expect(s.split("\n")[0]).toBe("2024-03-10  داعش (ISIS) → الدفاع الوطني (National Defence Forces)");
    expect(s).toContain("money (أموال) · payment (دفع)");
    expect(s).toContain("source: anonymous source (مصدر مجهول) «المصادر» · reported (منقول) · confirmed by lina");
    expect(s).toContain("«وأضافت المصادر أن ميليشيا الدفاع الوطني باعت أسلحة");
    expect(s).toMatch(/عين الفرات, 2024-03-10 · doc [0-9a-f]{12} · flow-/);
    const levy = (await store.listFlows({ mode: ["levy"], originalsOnly: true })).items[0];
    expect(formatFlow(levy)).toContain("in دير الزور (Deir ez-Zor)");
  });

  it("an event, an edge, a profile, stats", async () => {
    const e = (await store.listEvents()).items[0];
    expect(formatEvent(e).split("\n").slice(0, 2)).toEqual([
      "2024-03-11  attack (هجوم) in الميادين (al-Mayadin) · 3 killed",
      "            by داعش (ISIS) against قوات النظام (Syrian government forces)",
    ]);
    const edge = (await store.listEdges({ item: ["weapons"] })).items[0];
    expect(formatEdge(edge)).toMatch(/^ {2}2 outlets {4}3 docs {2}الدفاع الوطني \(National Defence Forces\) → داعش \(ISIS\) {2}weapons \(أسلحة\) \[sell\] {2}2024-03-10 … 2024-03-12 {2}sources: anonymous, organization$/);
    const p = formatProfile((await store.entityProfile("actor/isis"))!);
    expect(p.split("\n")[0]).toBe("داعش (ISIS)  [actor/isis] · armed_group");
    expect(p).toContain("written as: داعش ×4 · التنظيم ×2");
    expect(p).toContain("receives:\n  weapons (أسلحة) ← الدفاع الوطني (National Defence Forces)  (2 outlets, 3 docs; sell)");
    expect(formatStats(await store.stats())).toMatch(/^documents 3 \(1 near-duplicate\)/);
  });

  it("a search hit marks the matched words", async () => {
    const h = (await store.search("الإتاوات")).items[0];
    expect(formatHit(h, 1, false)).toContain("**إتاوات**");
    expect(formatHit(h, 1, true)).toContain("\x1b[7mإتاوات\x1b[27m");
  });

  it("filter options become a store filter, names resolved to keys", async () => {
    const cmd = addFilterOptions(new Command("t").exitOverride());
    cmd.parse(["--giver", "الدفاع الوطني", "--item", "weapons,money", "--from", "2024-03", "--include-rejected"], { from: "user" });
    expect(await filterFromOptions(store, cmd.opts())).toEqual({ giver: ["actor/ndf"], item: ["weapons", "money"], from: "2024-03", includeRejected: true });
    expect(() => addFilterOptions(new Command("t").exitOverride().configureOutput({ writeErr: () => {} })).parse(["--from", "March"], { from: "user" })).toThrow(/expected a date/);
  });
});

describe("ingest output", () => {
  it("draws a progress line with the share of input read and documents per second", () => {
    const p = { bytes: 500, totalBytes: 1000, read: 120, ingested: 100, nearDuplicates: 0, duplicates: 15, reextracted: 0, failed: 5, seconds: 4 };
    expect(progressLine(p)).toBe("[████████████░░░░░░░░░░░░]  50% 120 read · 100 new · 15 dup · 5 failed · 25 docs/s");
    expect(progressLine({ ...p, totalBytes: 0 })).toMatch(/^\[░{24}\] 120 read/);
  });

  it("parses sizes and prints a summary with the failures", () => {
    expect(parseSize("10MB")).toBe(10 * 1024 * 1024);
    expect(parseSize("512k")).toBe(512 * 1024);
    expect(parseSize("1000")).toBe(1000);
    expect(() => parseSize("lots")).toThrow(/not a size/);
    const s = formatSummary({
      read: 30, ingested: 20, nearDuplicates: 1, duplicates: 2, reextracted: 0, failed: 1, seconds: 2, docsPerSecond: 10, workers: 1,
      bytes: 1, totalBytes: 1, stopped: false,
      failures: [{ path: "feed.rss", item: "3", code: "EMPTY", message: "file feed.rss: the document is empty (no text)" }],
    });
    expect(s).toBe("30 read · 20 ingested (1 near-duplicate) · 2 duplicates · 1 failed · 2.0 s · 10 docs/s · 1 worker\nfailed:\n  EMPTY         file feed.rss: the document is empty (no text) (item 3)");
  });
});

describe("document output", () => {
  it("shows metadata, copies, text and every claim", async () => {
    const { formatDocument } = await import("../../src/cli/commands/query.js");
    const d = (await store.getDocument(docIdOf(TEXT_A)))!;
    const s = formatDocument(d);
    expect(s.split("\n").slice(0, 2)).toEqual(["إتاوات داعش", "عين الفرات, 2024-03-10 · https://eyn.example/a"]);
    expect(s).toContain("near-duplicates: ناقل الأخبار [");
    expect(s).toContain(TEXT_A);
    expect(s.match(/ → /g)).toHaveLength(3);
    expect(formatDocument(d, false)).not.toContain(TEXT_A);
  });
});
