// Paths to raw documents: files, folders (recursive, sorted), `-` for stdin; text, HTML, JSON, JSONL, RSS and Atom.
//
// Reading never throws for a bad input: each bad file or item becomes a failure with a RasadError naming the file,
// the item and the cause, and reading goes on with the next one.
import { readdir, stat, readFile, realpath, open } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { isUtf8 } from "node:buffer";
import { join, extname } from "node:path";
import { RasadError, type ErrorInput } from "../contract/index.js";
import { decode, declaredCharset } from "./encoding.js";
import { readHtml } from "./html.js";
import { isFeed, parseFeed } from "./feeds.js";

/** One document as read, before extraction. */
export interface RawDoc {
  text: string;
  title?: string;
  url?: string;
  outlet?: string;
  published?: string;
  /** The id the source gave it. */
  sourceId?: string;
  /** The file it came from ("-" for stdin). */
  path: string;
  /** Which document in the file: "" for a one-document file, `L12` for line 12 of a JSONL file, `3` for the third item. */
  item: string;
}

export interface ReadFailure { path: string; item: string; error: RasadError }

export type ReadResult =
  | { doc: RawDoc; failure?: undefined; progress: number }
  | { failure: ReadFailure; doc?: undefined; progress: number };

export type Format = "text" | "html" | "json" | "jsonl" | "feed";

export interface ReadOptions {
  /** Largest document, in bytes of UTF-8 text (one-document files: bytes on disk). */
  maxSize: number;
  /** Read stdin for "-" (tests pass a buffer). */
  stdin?: () => Promise<Buffer>;
  /** JSON lines files larger than this are read line by line, never whole (default STREAM_ABOVE). */
  streamAbove?: number;
}

export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;
/** Files holding many documents (JSON, feeds) are read whole: this is the most we read at once. */
export const CONTAINER_MAX = 1024 * 1024 * 1024;
/**
 * A UTF-8 JSON lines file above this size is streamed: its lines are read, decoded and parsed one by one, so that
 * memory holds a chunk and the documents in flight, not the file, its text and every document of it.
 */
export const STREAM_ABOVE = 4 * 1024 * 1024;
/** What is read of a file to decide whether it can be streamed (its format and encoding). */
const HEAD_BYTES = 1024 * 1024;

/** A source path with its size, after walking folders. */
export interface SourceFile { path: string; size: number }

/** Lists the files under the given paths (folders recursively, sorted, dot-files skipped), and the paths that fail. */
export async function listSources(paths: string[]): Promise<{ files: SourceFile[]; failures: ReadFailure[] }> {
  const files: SourceFile[] = [];
  const failures: ReadFailure[] = [];
  const seenDirs = new Set<string>();
  const visit = async (p: string, top: boolean): Promise<void> => {
    if (p === "-" && top) { files.push({ path: "-", size: 0 }); return; }
    let st;
    try {
      st = await stat(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const why = code === "ENOENT" ? "no such file or folder" : code === "EACCES" ? "permission denied"
        : code === "ELOOP" ? "a loop of symbolic links" : (err as Error).message;
      failures.push({ path: p, item: "", error: new RasadError("UNREADABLE", why, { file: p }, { cause: err }) });
      return;
    }
    if (st.isDirectory()) {
      let real: string;
      try { real = await realpath(p); } catch { real = p; }
      if (seenDirs.has(real)) return; // a symbolic link back up the tree
      seenDirs.add(real);
      let names: string[];
      try {
        names = (await readdir(p)).filter((n) => !n.startsWith(".")).sort();
      } catch (err) {
        failures.push({ path: p, item: "", error: new RasadError("UNREADABLE", (err as Error).message, { file: p }, { cause: err }) });
        return;
      }
      for (const n of names) await visit(join(p, n), false);
    } else if (st.isFile()) {
      files.push({ path: p, size: st.size });
    } else {
      failures.push({ path: p, item: "", error: new RasadError("UNREADABLE", "not a regular file", { file: p }) });
    }
  };
  for (const p of paths) await visit(p, true);
  return { files, failures };
}

/** Reads every document of every file, in order. `progress` is the bytes of input consumed so far. */
export async function* readSources(files: SourceFile[], opts: ReadOptions): AsyncGenerator<ReadResult> {
  let done = 0;
  for (const f of files) {
    const where: ErrorInput = { file: f.path };
    if (f.path !== "-" && f.size > (opts.streamAbove ?? STREAM_ABOVE) && (await streamable(f.path))) {
      for await (const r of streamJsonLines(f.path, opts)) yield { ...r, progress: done + r.bytes } as ReadResult;
      done += f.size;
      continue;
    }
    let buf: Buffer;
    try {
      if (f.path === "-") {
        buf = await (opts.stdin ?? readStdin)();
      } else {
        if (f.size > CONTAINER_MAX) throw new RasadError("TOO_LARGE", `${f.size} bytes; at most ${CONTAINER_MAX} are read from one file`, where);
        buf = await readFile(f.path);
      }
    } catch (err) {
      done += f.size;
      const error = err instanceof RasadError ? err : new RasadError("UNREADABLE", (err as Error).message, where, { cause: err });
      yield { failure: { path: f.path, item: "", error }, progress: done };
      continue;
    }
    const results = readBuffer(buf, f.path, opts);
    const size = f.path === "-" ? buf.length : f.size;
    for (let i = 0; i < results.length; i++) {
      yield { ...results[i], progress: done + Math.round((size * (i + 1)) / results.length) } as ReadResult;
    }
    done += size;
  }
}

const TRUNCATED = "the file ends inside a UTF-8 character: it was cut short (truncated), so its text is incomplete";

/** All documents (and failures) in one file's bytes. */
export function readBuffer(buf: Buffer, path: string, opts: ReadOptions): (Omit<ReadResult, "progress">)[] {
  const where: ErrorInput = { file: path };
  const fail = (error: RasadError, item = "") => ({ failure: { path, item, error } });
  try {
    let text: string;
    let truncated = false;
    try {
      const d = decode(buf, declaredCharset(buf), where);
      text = d.text;
      truncated = d.truncated === true;
    } catch (err) {
      return [fail(asRasad(err, where))];
    }
    const format = detectFormat(path, text);
    // a file cut inside its last character was cut short: what it says is incomplete, so nothing of it is stored
    // (a JSON lines file loses only its last line, below)
    if (truncated && format !== "jsonl") return [fail(new RasadError("BAD_ENCODING", TRUNCATED, where))];
    if ((format === "text" || format === "html") && buf.length > opts.maxSize) {
      return [fail(new RasadError("TOO_LARGE", `${buf.length} bytes; the limit is ${opts.maxSize} (--max-size)`, where))];
    }
    const one = (d: Omit<RawDoc, "path" | "item">, item = "") => checkDoc({ ...d, path, item }, opts);
    switch (format) {
      case "text":
        return [one({ text: cleanText(text) })];
      case "html": {
        let page;
        try { page = readHtml(text); } catch (err) { return [fail(new RasadError("BAD_INPUT", `not a readable page: ${(err as Error).message}`, where))]; }
        return [one({ ...page, text: cleanText(page.text) })];
      }
      case "feed": {
        let items;
        try { items = parseFeed(text); } catch (err) { return [fail(new RasadError("BAD_INPUT", `not a readable feed: ${(err as Error).message}`, where))]; }
        if (items.length === 0) return [fail(new RasadError("EMPTY", "the feed has no items", where))];
        return items.map((it, i) => one({ ...it, text: cleanText(it.text) }, String(i + 1)));
      }
      case "json": {
        let value: unknown;
        try { value = JSON.parse(text); } catch (err) { return [fail(new RasadError("BAD_JSON", (err as Error).message, where))]; }
        const list = Array.isArray(value) ? value : listIn(value);
        if (list) {
          if (list.length === 0) return [fail(new RasadError("EMPTY", "the JSON list is empty", where))];
          return list.map((v, i) => fromJson(v, path, String(i + 1), opts));
        }
        return [fromJson(value, path, "", opts)];
      }
      case "jsonl": {
        const out: (Omit<ReadResult, "progress">)[] = [];
        const lines = text.split("\n");
        let lastLine = lines.length - 1;
        while (lastLine > 0 && lines[lastLine].trim() === "") lastLine--;
        for (let i = 0; i < lines.length; i++) {
          if (truncated && i === lastLine) {
            out.push({ failure: { path, item: `L${i + 1}`, error: new RasadError("BAD_ENCODING", `line ${i + 1}: ${TRUNCATED}`, { file: path, line: i + 1 }) } });
            continue;
          }
          const r = readJsonLine(lines[i], path, i + 1, opts);
          if (r) out.push(r);
        }
        if (out.length === 0) return [fail(new RasadError("EMPTY", "no JSON lines", where))];
        return out;
      }
    }
  } catch (err) {
    return [fail(asRasad(err, where))];
  }
}

/** One line of a JSON lines file (numbered from 1): a document, a failure, or null for a blank line. */
function readJsonLine(text: string, path: string, n: number, opts: ReadOptions): Omit<ReadResult, "progress"> | null {
  const line = text.trim();
  if (line === "") return null;
  const item = `L${n}`;
  let value: unknown;
  try { value = JSON.parse(line); } catch (err) {
    return { failure: { path, item, error: new RasadError("BAD_JSON", (err as Error).message, { file: path, line: n }) } };
  }
  return fromJson(value, path, item, opts, n);
}

/**
 * Whether a file can be streamed as JSON lines: its first megabyte decodes as UTF-8 (as decode() would take the
 * whole file: no UTF-16, no binary signature) and reads as JSON lines (detectFormat).
 */
async function streamable(path: string): Promise<boolean> {
  let head: Buffer;
  try {
    const fh = await open(path, "r");
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch {
    return false; // the whole-file path reports it
  }
  try {
    const d = decode(head, undefined, { file: path });
    return d.encoding === "utf-8" && detectFormat(path, d.text) === "jsonl";
  } catch {
    return false;
  }
}

/**
 * The documents of a UTF-8 JSON lines file, line by line, each with the bytes read through its line. Lines are
 * cut at the byte 0x0A (never inside a UTF-8 character); a line that is not valid UTF-8 is that line's failure
 * (a whole file that is not UTF-8 is never streamed: see streamable), and a last line cut inside a character
 * is that line's failure (the file was truncated), as readBuffer() does.
 */
async function* streamJsonLines(path: string, opts: ReadOptions): AsyncGenerator<Omit<ReadResult, "progress"> & { bytes: number }> {
  let n = 0;
  let bytes = 0;
  let any = false;
  let parts: Buffer[] = [];
  const line = (buf: Buffer, last: boolean): Omit<ReadResult, "progress"> | null => {
    n++;
    let b = n === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
    if (!isUtf8(b)) {
      // a file cut in the middle of a character: its last line is incomplete
      let cut = 0;
      if (last) for (let k = 1; k <= 3 && k < b.length; k++) if (b[b.length - k] >= 0xc0) { cut = k; break; }
      const why = cut > 0 && isUtf8(b.subarray(0, b.length - cut)) ? `line ${n}: ${TRUNCATED}` : `line ${n} is not valid UTF-8`;
      return { failure: { path, item: `L${n}`, error: new RasadError("BAD_ENCODING", why, { file: path, line: n }) } };
    }
    return readJsonLine(b.toString("utf8"), path, n, opts);
  };
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: HEAD_BYTES })) {
      const buf = chunk as Buffer;
      let from = 0;
      for (let nl = buf.indexOf(0x0a, from); nl !== -1; nl = buf.indexOf(0x0a, from)) {
        const piece = buf.subarray(from, nl);
        const whole = parts.length > 0 ? Buffer.concat([...parts, piece]) : piece;
        parts = [];
        bytes += nl + 1 - from;
        from = nl + 1;
        const r = line(whole, false);
        if (r) { any = true; yield { ...r, bytes }; }
      }
      if (from < buf.length) {
        parts.push(buf.subarray(from));
        bytes += buf.length - from;
      }
    }
    if (parts.length > 0) {
      const r = line(Buffer.concat(parts), true);
      parts = [];
      if (r) { any = true; yield { ...r, bytes }; }
    }
  } catch (err) {
    yield { failure: { path, item: n > 0 ? `L${n + 1}` : "", error: new RasadError("UNREADABLE", (err as Error).message, { file: path }, { cause: err }) }, bytes };
    return;
  }
  if (!any) yield { failure: { path, item: "", error: new RasadError("EMPTY", "no JSON lines", { file: path }) }, bytes };
}

function asRasad(err: unknown, where: ErrorInput): RasadError {
  return err instanceof RasadError ? err : new RasadError("BAD_INPUT", (err as Error)?.message ?? String(err), where, { cause: err });
}

/** The format from the file name, else from the first characters (stdin, files without an extension). */
export function detectFormat(path: string, text: string): Format {
  const ext = extname(path).toLowerCase();
  const head = text.slice(0, 4096).trimStart();
  if (ext === ".jsonl" || ext === ".ndjson") return "jsonl";
  if (ext === ".json") return looksLikeJsonl(text) ? "jsonl" : "json";
  if (ext === ".html" || ext === ".htm" || ext === ".xhtml") return "html";
  if (ext === ".rss" || ext === ".atom") return "feed";
  if (ext === ".xml") return /<html[\s>]/i.test(head) ? "html" : "feed";
  if (ext === ".txt" || ext === ".text" || ext === ".md") return "text";
  if (head.startsWith("<")) {
    if (isFeed(head)) return "feed";
    if (/^<(!doctype html|html|head|body|article|div|p)[\s>]/i.test(head)) return "html";
    if (/^<\?xml/i.test(head)) return /<html[\s>]/i.test(head) ? "html" : "feed";
  }
  if (head.startsWith("{") || head.startsWith("[")) {
    if (looksLikeJsonl(text)) return "jsonl";
    try { JSON.parse(text); return "json"; } catch { /* prose that starts with a brace */ }
  }
  return "text";
}

function looksLikeJsonl(text: string): boolean {
  const t = text.trimStart();
  if (!t.startsWith("{")) return false;
  const nl = t.indexOf("\n");
  if (nl < 0) return false;
  try { JSON.parse(t.slice(0, nl)); } catch { return false; }
  return t.slice(nl + 1).trimStart().startsWith("{") || t.slice(nl + 1).trim() === "";
}

function listIn(value: unknown): unknown[] | null {
  if (!value || typeof value !== "object") return null;
  const o = value as Record<string, unknown>;
  for (const k of ["documents", "docs", "items", "articles", "data", "results"]) if (Array.isArray(o[k])) return o[k] as unknown[];
  return null;
}

/** Field names accepted for each part of a document, first match wins. */
const FIELDS = {
  text: ["text", "body", "content", "article", "full_text", "fulltext", "description", "summary"],
  id: ["id", "docno", "doc_id", "guid", "_id", "uid"],
  url: ["url", "link", "href", "canonical_url", "source_url"],
  title: ["title", "headline", "name"],
  published: ["published", "date", "time", "pubDate", "published_at", "publishedAt", "datetime", "created_at", "timestamp"],
  outlet: ["outlet", "source", "src", "site", "publisher", "source_name", "media"],
} as const;

function field(o: Record<string, unknown>, names: readonly string[]): unknown {
  for (const n of names) {
    const v = o[n];
    if (v !== undefined && v !== null && v !== "") return v;
  }
  return undefined;
}
function str(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (typeof v === "number" && Number.isFinite(v)) return String(v);
  if (v && typeof v === "object" && typeof (v as { name?: unknown }).name === "string") return str((v as { name: string }).name);
  return undefined;
}

/** One document as a JSON object (a JSON lines record, an item of a JSON list, an API body): a RawDoc or its failure. */
export function fromJson(value: unknown, path: string, item: string, opts: ReadOptions, line?: number): Omit<ReadResult, "progress"> {
  const where: ErrorInput = line !== undefined ? { file: path, line } : { file: path };
  const fail = (code: "BAD_INPUT" | "MISSING_FIELD", detail: string) => ({ failure: { path, item, error: new RasadError(code, detail, where) } });
  if (!value || typeof value !== "object" || Array.isArray(value)) return fail("BAD_INPUT", "a document must be a JSON object");
  const o = value as Record<string, unknown>;
  const t = field(o, FIELDS.text);
  if (t === undefined) {
    if (FIELDS.text.some((n) => typeof o[n] === "string")) {
      return { failure: { path, item, error: new RasadError("EMPTY", "the text field is empty", where) } };
    }
    return fail("MISSING_FIELD", `no text (one of ${FIELDS.text.join(", ")})`);
  }
  if (typeof t !== "string") return fail("BAD_INPUT", "the text must be a string");
  const doc: RawDoc = { text: cleanText(t), path, item };
  const id = str(field(o, FIELDS.id));
  const url = str(field(o, FIELDS.url));
  const title = str(field(o, FIELDS.title));
  const outlet = str(field(o, FIELDS.outlet));
  const published = str(field(o, FIELDS.published));
  if (id) doc.sourceId = id;
  if (url) doc.url = url;
  if (title) doc.title = title;
  if (outlet) doc.outlet = outlet;
  if (published) doc.published = published;
  return checkDoc(doc, opts, where);
}

function checkDoc(doc: RawDoc, opts: ReadOptions, where: ErrorInput = { file: doc.path }): Omit<ReadResult, "progress"> {
  if (doc.text.trim() === "") return { failure: { path: doc.path, item: doc.item, error: new RasadError("EMPTY", "no text", where) } };
  const bytes = Buffer.byteLength(doc.text, "utf8");
  if (bytes > opts.maxSize) {
    return { failure: { path: doc.path, item: doc.item, error: new RasadError("TOO_LARGE", `${bytes} bytes of text; the limit is ${opts.maxSize} (--max-size)`, where) } };
  }
  if (doc.published !== undefined) {
    const p = normalizePublished(doc.published);
    if (p) doc.published = p;
    else delete doc.published;
  }
  return { doc };
}

/** Line ends unified; the text is otherwise kept exactly (every span the extractor emits points into it). */
function cleanText(s: string): string {
  return s.replace(/\r\n?/g, "\n");
}

/**
 * A publication date as ISO 8601: ISO dates are kept as given (their local date is the one that matters),
 * others (RFC 822 in feeds: "Sun, 10 Mar 2024 08:00:00 +0300") converted to UTC. Unreadable dates are dropped.
 */
export function normalizePublished(s: string): string | undefined {
  const t = s.trim().replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x0660));
  if (/^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/.test(t)) return t.replace(" ", "T");
  if (/^\d{10}(\d{3})?$/.test(t)) {
    const n = Number(t);
    return new Date(t.length === 13 ? n : n * 1000).toISOString();
  }
  const d = new Date(t);
  if (Number.isNaN(d.getTime())) return undefined;
  const y = d.getUTCFullYear();
  return y >= 1900 && y <= 2200 ? d.toISOString() : undefined;
}

async function readStdin(): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const chunk of process.stdin) {
    parts.push(chunk as Buffer);
    n += (chunk as Buffer).length;
    if (n > CONTAINER_MAX) throw new RasadError("TOO_LARGE", `more than ${CONTAINER_MAX} bytes on standard input`, { file: "-" });
  }
  return Buffer.concat(parts);
}
