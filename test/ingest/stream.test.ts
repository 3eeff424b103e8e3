// Large JSON lines files are read line by line: the same documents and failures as reading the file whole.
import { describe, it, expect } from "vitest";
import { writeFileSync, statSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { readSources, listSources, DEFAULT_MAX_SIZE, type ReadOptions } from "../../src/ingest/read.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { tempDir } from "./helpers.js";

async function read(path: string, opts: Partial<ReadOptions>) {
  const { files } = await listSources([path]);
  const out = [];
  for await (const r of readSources(files, { maxSize: DEFAULT_MAX_SIZE, ...opts })) out.push(r);
  return out;
}
const whole = (p: string) => read(p, { streamAbove: Infinity });
const streamed = (p: string) => read(p, { streamAbove: 0 });
/** Documents and failures without the progress (which counts bytes differently: per line, or spread evenly). */
const items = (rs: Awaited<ReturnType<typeof read>>) => rs.map((r) => r.doc ?? { ...r.failure, error: { code: r.failure!.error.code, message: r.failure!.error.message } });

const LINES = [
  JSON.stringify({ id: "a", text: R.r1, title: "عنوان", url: "https://a.example/1", published: "Sun, 10 Mar 2024 08:00:00 +0300", source: "منفذ" }),
  "",
  JSON.stringify({ id: "b", text: R.r2 }) + "\r",
  "{\"id\": \"c\", \"text\": \"سطر مقطوع",
  JSON.stringify({ id: "d", body: "" }),
  JSON.stringify({ id: "e", title: "بلا نص" }),
  "   ",
  JSON.stringify({ id: "f", text: R.r3.replace(/\. /g, ".\r\n") }),
  "[1, 2]",
  JSON.stringify({ id: "g", text: R.rss1 }),
];

describe("streaming JSON lines", () => {
  it("reads the same documents and failures as the whole-file reader, with a BOM, CRLF, blank and broken lines", async () => {
    const dir = tempDir();
    for (const [name, content] of [
      ["plain.jsonl", LINES.join("\n") + "\n"],
      ["bom-no-final-newline.jsonl", "\ufeff" + LINES.join("\n")],
      ["lines.json", LINES.join("\n")],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      const a = await whole(file), b = await streamed(file);
      expect(items(b)).toEqual(items(a));
      expect(items(b).filter((x) => "text" in x)).toHaveLength(4);
      // progress: bytes through each line, rising to the file's size
      expect(b.map((r) => r.progress)).toEqual([...b.map((r) => r.progress)].sort((x, y) => x - y));
      expect(b[b.length - 1].progress).toBe(statSync(file).size);
    }
  });

  it("fails only the last line of a file cut inside its last character, streamed or read whole", async () => {
    const dir = tempDir();
    const lines = ["x", "y", "z"].map((id) => JSON.stringify({ id, text: `${R.r2} قال` }));
    const full = Buffer.from(lines.join("\n"));
    const file = join(dir, "cut.jsonl");
    const cut = full.subarray(0, full.length - 3); // «…ل"}» less «\x84"}»: ends on the lead byte of an Arabic letter
    expect(cut[cut.length - 1]).toBeGreaterThanOrEqual(0xc0);
    writeFileSync(file, cut);
    const a = await whole(file), b = await streamed(file);
    expect(items(b)).toEqual(items(a));
    expect(b.map((r) => r.doc?.sourceId ?? r.failure!.item)).toEqual(["x", "y", "L3"]);
    expect(b[2].failure!.error).toMatchObject({ code: "BAD_ENCODING", message: expect.stringMatching(/line 3: the file ends inside a UTF-8 character/) });
  });

  it("keeps line numbers across chunks, and fails only the line that is not UTF-8", async () => {
    const dir = tempDir();
    const file = join(dir, "big.jsonl");
    // 3,000 lines (> 1 MiB, so that lines straddle the reader's chunks), line 2500 (past the first MiB, which decides
    // the encoding) in Windows-1256
    const lines = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `n${i + 1}`, text: `${R.r4} (${i + 1})` }));
    const bad = iconv.encode(JSON.stringify({ id: "cp1256", text: R.rss2 }), "windows-1256");
    const head = Buffer.from(lines.slice(0, 2499).join("\n") + "\n");
    const buf = Buffer.concat([head, bad, Buffer.from("\n" + lines.slice(2500).join("\n") + "\n")]);
    expect(head.length).toBeGreaterThan(1024 * 1024);
    writeFileSync(file, buf);
    const rs = await streamed(file);
    expect(rs).toHaveLength(3000);
    expect(rs[2499].failure).toMatchObject({ item: "L2500", error: { code: "BAD_ENCODING" } });
    expect(rs.filter((r) => r.doc).every((r) => r.doc!.item === `L${r.doc!.sourceId!.slice(1)}`)).toBe(true);
    expect(rs[2999].doc!.text.endsWith("(3000)")).toBe(true);
  });

  it("leaves what it cannot stream to the whole-file reader: other encodings, JSON arrays, empty files", async () => {
    const dir = tempDir();
    const cp = join(dir, "cp1256.jsonl");
    writeFileSync(cp, iconv.encode([{ text: R.r5 }, { text: R.r6 }].map((o) => JSON.stringify(o)).join("\n"), "windows-1256"));
    expect((await streamed(cp)).map((r) => r.doc?.text)).toEqual([R.r5, R.r6]);
    const arr = join(dir, "list.json");
    writeFileSync(arr, JSON.stringify([{ text: R.r5 }, { text: R.r6 }], null, 1));
    expect(items(await streamed(arr))).toEqual(items(await whole(arr)));
    const empty = join(dir, "blank.jsonl");
    writeFileSync(empty, "\n\n  \n");
    expect(items(await streamed(empty))).toEqual(items(await whole(empty)));
    expect((await streamed(empty))[0].failure?.error.code).toBe("EMPTY");
  });
});
