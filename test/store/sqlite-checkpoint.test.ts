// A long run's WAL is checkpointed by a thread of its own; closing the store stops it and leaves a whole database.
import { describe, it, expect } from "vitest";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { openSqliteStore, documentId, type DocumentInput } from "../../src/store/index.js";
import { PIPELINE } from "./fixtures.js";

describe("the SQLite store's checkpointing thread", () => {
  it("takes over once many documents are written, and hands back a whole file on close", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rasad-ckpt-"));
    try {
      const file = join(dir, "s.db");
      const s = await openSqliteStore(file);
      const doc = (i: number): DocumentInput => {
        const text = `تقرير رقم ${i} عن حاجز قرب الميادين`;
        return { id: documentId(`n${i}`), text, pipeline: PIPELINE, path: `r${i}.txt`, extraction: { doc: { id: `n${i}` }, entities: [], flows: [], events: [] } };
      };
      expect(s.db.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);
      for (let b = 0; b < 20; b++) await s.putDocuments(Array.from({ length: 500 }, (_, k) => doc(b * 500 + k)));
      // the writer no longer checkpoints: the thread does
      expect(s.db.pragma("wal_autocheckpoint", { simple: true })).toBe(0);
      expect((await s.stats()).documents).toBe(10_000);
      await s.close();
      expect(existsSync(`${file}-wal`)).toBe(false);
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(db.prepare("SELECT count(*) AS n FROM documents").get()).toEqual({ n: 10_000 });
      } finally {
        db.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
