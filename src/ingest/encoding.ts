// Bytes to text: BOMs, UTF-8, UTF-16, and the legacy Arabic code pages (Windows-1256, ISO-8859-6); binaries refused.
import iconv from "iconv-lite";
import chardet from "chardet";
import { RasadError, type ErrorInput } from "../contract/index.js";

export interface Decoded {
  text: string;
  /** The encoding used, as iconv names it. */
  encoding: string;
  /**
   * The last bytes were an incomplete UTF-8 character and were dropped: a truncated file (the reader refuses it),
   * or a head read to sniff a file's format.
   */
  truncated?: boolean;
}

/** File signatures of common binary formats, for a clear message («a PDF, not text»). */
const MAGIC: [string, number[]][] = [
  ["PDF", [0x25, 0x50, 0x44, 0x46]],
  ["ZIP (or docx/xlsx)", [0x50, 0x4b, 0x03, 0x04]],
  ["gzip", [0x1f, 0x8b]],
  ["PNG", [0x89, 0x50, 0x4e, 0x47]],
  ["JPEG", [0xff, 0xd8, 0xff]],
  ["GIF", [0x47, 0x49, 0x46, 0x38]],
  ["SQLite", [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65]],
  ["ELF executable", [0x7f, 0x45, 0x4c, 0x46]],
  ["OLE (doc/xls)", [0xd0, 0xcf, 0x11, 0xe0]],
  ["7-Zip", [0x37, 0x7a, 0xbc, 0xaf]],
  ["RAR", [0x52, 0x61, 0x72, 0x21]],
];

const UTF8 = new TextDecoder("utf-8", { fatal: true });
/** The legacy Arabic encodings we may guess between. */
const ARABIC_CODEPAGES = ["windows-1256", "iso-8859-6"];

/**
 * Decodes a file's bytes. Order: BOM; UTF-16 without BOM (zero or 0x06 high bytes on one side); binary
 * signatures and NUL bytes; strict UTF-8 (a valid UTF-8 file is UTF-8 whatever it declares); the declared
 * charset; then Windows-1256 against ISO-8859-6, chosen by how often the article «ال» appears, which only the
 * right code page produces (ISO-8859-6's «ال», C7 E4, reads «ان» in Windows-1256).
 */
export function decode(buf: Uint8Array, declared?: string, where: ErrorInput = {}): Decoded {
  if (buf.length === 0) throw new RasadError("EMPTY", "0 bytes", where);
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3), where);
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(Buffer.from(buf.subarray(2)), "utf-16le"), encoding: "utf-16le" };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(Buffer.from(buf.subarray(2)), "utf-16be"), encoding: "utf-16be" };
  const u16 = sniffUtf16(buf);
  if (u16) return { text: iconv.decode(Buffer.from(buf), u16), encoding: u16 };
  for (const [name, sig] of MAGIC) {
    if (sig.every((b, i) => buf[i] === b)) throw new RasadError("BINARY", `${/^[AEIOU]/.test(name) ? "an" : "a"} ${name} file`, where);
  }
  if (looksBinary(buf)) throw new RasadError("BINARY", "control bytes where text should be", where);
  const asUtf8 = tryUtf8(buf);
  if (asUtf8) return asUtf8;
  // UTF-8 with a few broken characters (a file cut and joined, a byte lost) would read as a code page's mojibake
  // («ظ‚ط§ظ„» for «قال»): refused, whatever the file declares.
  const damage = utf8Damage(buf);
  if (damage.good >= 4 && damage.good >= 4 * damage.bad) {
    throw new RasadError("BAD_ENCODING", `UTF-8 with ${damage.bad} broken ${damage.bad === 1 ? "character" : "characters"}, the first at byte ${damage.first}: the file was cut or damaged`, where);
  }
  const decl = declared ? normalizeCharset(declared) : undefined;
  // A page without a BOM that reaches here is no UTF-16 (sniffed above): such a label is wrong (HTML reads it as UTF-8).
  if (decl && decl !== "utf-8" && !/^utf-?(16|32)/.test(decl) && iconv.encodingExists(decl)) {
    const text = iconv.decode(Buffer.from(buf), decl);
    // The label can lie too: Arabic in Windows-1256 labelled ISO-8859-6 or windows-1252. The bytes win when one of
    // the Arabic code pages reads the article «ال» clearly more often than the label's encoding does.
    const [guess, enc] = guessArabic(buf);
    const al = (t: string) => t.match(/ال/g)?.length ?? 0;
    if (enc !== decl && al(guess) >= Math.max(3, 2 * al(text) + 1)) return checked(guess, enc, where);
    return checked(text, decl, where);
  }
  return checked(...guessArabic(buf), where);
}

/**
 * Counts well-formed UTF-8 multi-byte characters and broken ones (a lead byte without its continuation, a stray
 * continuation, an overlong form or a surrogate). Text in a legacy code page has almost no well-formed sequences:
 * its Arabic letters are single bytes in 0xC1–0xFE, read as lead bytes that the next letter does not continue.
 */
function utf8Damage(buf: Uint8Array): { good: number; bad: number; first: number } {
  let good = 0, bad = 0, first = -1;
  for (let i = 0; i < buf.length;) {
    const b = buf[i];
    if (b < 0x80) { i++; continue; }
    const n = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    let ok = n > 0 && i + n < buf.length;
    if (ok) {
      const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
      ok = buf[i + 1] >= lo && buf[i + 1] <= hi;
      for (let k = 2; ok && k <= n; k++) ok = buf[i + k] >= 0x80 && buf[i + k] <= 0xbf;
    }
    if (ok) { good++; i += n + 1; } else { bad++; if (first < 0) first = i; i++; }
  }
  return { good, bad, first };
}

function utf8(buf: Uint8Array, where: ErrorInput): Decoded {
  const d = tryUtf8(buf);
  if (d) return d;
  throw new RasadError("BAD_ENCODING", "it starts with a UTF-8 byte-order mark but is not valid UTF-8", where);
}

function tryUtf8(buf: Uint8Array): Decoded | null {
  try {
    return { text: UTF8.decode(buf), encoding: "utf-8" };
  } catch {
    // a file cut in the middle of a character: keep what is whole
    for (let cut = 1; cut <= 3 && cut < buf.length; cut++) {
      const b = buf[buf.length - cut];
      if (b >= 0xc0) {
        try { return { text: UTF8.decode(buf.subarray(0, buf.length - cut)), encoding: "utf-8", truncated: true }; } catch { return null; }
      }
      if (b < 0x80) return null;
    }
    return null;
  }
}

/** UTF-16 without a BOM: one side of the byte pairs is mostly 0x00 (Latin) or 0x06 (Arabic). */
function sniffUtf16(buf: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(buf.length - (buf.length % 2), 4096);
  if (n < 8) return null;
  let even = 0, odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (buf[i] === 0x00 || buf[i] === 0x06) even++;
    if (buf[i + 1] === 0x00 || buf[i + 1] === 0x06) odd++;
  }
  const pairs = n / 2;
  if (odd / pairs > 0.6 && even / pairs < 0.1) return "utf-16le";
  if (even / pairs > 0.6 && odd / pairs < 0.1) return "utf-16be";
  return null;
}

function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i];
    if (b === 0) return true;
    if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) ctrl++;
  }
  return ctrl / n > 0.05;
}

function normalizeCharset(s: string): string {
  const c = s.trim().toLowerCase().replace(/^["']|["']$/g, "");
  if (c === "utf8") return "utf-8";
  if (c === "cp1256" || c === "windows1256" || c === "x-cp1256") return "windows-1256";
  if (c === "iso_8859-6" || c === "iso8859-6" || c === "arabic" || c === "asmo-708") return "iso-8859-6";
  return c;
}

function guessArabic(buf: Uint8Array): [string, string] {
  const b = Buffer.from(buf);
  let best: [string, string] | null = null;
  let bestScore = -Infinity;
  const hint = chardet.analyse(b).map((m) => normalizeCharset(m.name)).find((n) => ARABIC_CODEPAGES.includes(n));
  for (const enc of ARABIC_CODEPAGES) {
    const text = iconv.decode(b, enc);
    const score = (text.match(/ال/g)?.length ?? 0) * 4 + (text.match(/[\u0621-\u064a]/g)?.length ?? 0) / 100
      - (text.match(/\ufffd/g)?.length ?? 0) + (enc === hint ? 0.5 : 0)
      // ISO-8859-6 letters read as Windows-1256 come out as accented Latin («ê», «è») inside Arabic words
      - 2 * (text.match(/[\u00c0-\u00ff]/g)?.length ?? 0);
    if (score > bestScore) { best = [text, enc]; bestScore = score; }
  }
  return best!;
}

/** Refuses a decoding that left replacement characters or C1 controls in more than 2% of the text. */
function checked(text: string, encoding: string, where: ErrorInput): Decoded {
  let bad = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd || (c >= 0x80 && c <= 0x9f)) bad++;
  }
  if (text.length > 0 && bad / text.length > 0.02) {
    throw new RasadError("BAD_ENCODING", `not UTF-8, and ${encoding} leaves ${bad} undecodable characters`, where);
  }
  return { text, encoding };
}

/** The charset a file declares in its first bytes: `<meta charset>`, `content="…; charset=…"`, `<?xml encoding>`. */
export function declaredCharset(buf: Uint8Array): string | undefined {
  const head = Buffer.from(buf.subarray(0, 2048)).toString("latin1");
  const m = /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i.exec(head);
  return m ? m[1] : undefined;
}
