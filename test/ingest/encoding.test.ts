// Bytes to text: every encoding the analysts' files come in, and the files that are not text at all.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import iconv from "iconv-lite";
import fc from "fast-check";
import { decode, declaredCharset } from "../../src/ingest/index.js";
import { RasadError } from "../../src/contract/index.js";
import { R } from "../fixtures/ingest/reports.mjs";
import { fixture } from "./helpers.js";

const codeOf = (f: () => unknown) => { try { f(); return "ok"; } catch (e) { return (e as RasadError).code; } };

describe("decode", () => {
  it("reads UTF-8 with and without a byte-order mark", () => {
    expect(decode(readFileSync(fixture("text/report-1.txt")))).toMatchObject({ text: R.r1 + "\n", encoding: "utf-8" });
    expect(decode(readFileSync(fixture("text/report-2-bom.txt")))).toMatchObject({ text: R.r2 + "\n", encoding: "utf-8" });
  });

  it("reads Windows-1256 and ISO-8859-6, telling them apart by the article «ال»", () => {
    expect(decode(readFileSync(fixture("encodings/report-windows-1256.txt")))).toEqual({ text: R.r3, encoding: "windows-1256" });
    expect(decode(readFileSync(fixture("encodings/report-iso-8859-6.txt")))).toEqual({ text: R.r4, encoding: "iso-8859-6" });
  });

  it("reads UTF-16 LE and BE by their byte-order marks, and without one", () => {
    expect(decode(readFileSync(fixture("encodings/report-utf16le.txt")))).toEqual({ text: R.r5, encoding: "utf-16le" });
    expect(decode(readFileSync(fixture("encodings/report-utf16be.txt")))).toEqual({ text: R.r6, encoding: "utf-16be" });
    expect(decode(iconv.encode(R.r5, "utf-16le"))).toEqual({ text: R.r5, encoding: "utf-16le" });
    expect(decode(iconv.encode("Aleppo and Homs", "utf-16be"))).toEqual({ text: "Aleppo and Homs", encoding: "utf-16be" });
  });

  it("prefers valid UTF-8 to a wrong declaration, and follows a declaration otherwise", () => {
    const utf8 = Buffer.from(`<meta charset="windows-1256"><p>${R.rss1}</p>`);
    expect(decode(utf8, declaredCharset(utf8)).encoding).toBe("utf-8");
    const cp = iconv.encode(`<meta charset="windows-1256"><p>${R.rss1}</p>`, "windows-1256");
    expect(declaredCharset(cp)).toBe("windows-1256");
    expect(decode(cp, declaredCharset(cp)).text).toContain(R.rss1);
    expect(declaredCharset(Buffer.from('<?xml version="1.0" encoding="ISO-8859-6"?><rss/>'))).toBe("ISO-8859-6");
  });

  it("keeps what is whole of a file cut inside its last character", () => {
    const d = decode(readFileSync(fixture("broken/truncated-utf8.txt")));
    expect(d.truncated).toBe(true);
    expect(R.trunc.startsWith(d.text)).toBe(true);
    expect(d.text.length).toBe(R.trunc.length - 1);
  });

  it("refuses binaries and empty files with a clear code", () => {
    expect(codeOf(() => decode(readFileSync(fixture("broken/binary.png"))))).toBe("BINARY");
    expect(codeOf(() => decode(readFileSync(fixture("broken/fake.pdf"))))).toBe("BINARY");
    expect(codeOf(() => decode(readFileSync(fixture("broken/random.bin"))))).toBe("BINARY");
    expect(codeOf(() => decode(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2])))).toBe("BINARY");
    expect(codeOf(() => decode(Buffer.alloc(0)))).toBe("EMPTY");
    expect(codeOf(() => decode(Buffer.from([0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xfd])))).toBe("BAD_ENCODING");
    const e = (() => { try { decode(readFileSync(fixture("broken/binary.png")), undefined, { file: "x.png" }); } catch (err) { return err as RasadError; } })()!;
    expect(e.message).toBe("file x.png: the file is binary, not text (a PNG file)");
  });

  it("never throws anything but a RasadError, whatever the bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => {
      try {
        const d = decode(bytes);
        expect(typeof d.text).toBe("string");
      } catch (err) {
        expect(err).toBeInstanceOf(RasadError);
      }
    }), { numRuns: 2000 });
  });

  it("round-trips Arabic text through every supported encoding", () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...R.r3.split(" ")), { minLength: 8, maxLength: 40 }).map((w) => ["في", "المدينة", ...w]), (words) => {
      const text = words.join(" ");
      for (const enc of ["utf-8", "windows-1256", "iso-8859-6"]) {
        const d = decode(iconv.encode(text, enc));
        expect([d.encoding, d.text]).toEqual([enc, text]);
      }
    }), { numRuns: 200 });
  });
});
