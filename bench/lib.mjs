// Shared by the bench scripts: streaming JSONL lines, and the replica that scales the corpus without duplicates.
import { createReadStream, createWriteStream, statSync } from "node:fs";
import { once } from "node:events";

/** Lines of a JSONL file, streamed. */
export async function* lines(file) {
  const decoder = new TextDecoder();
  let rest = "";
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split("\n");
    rest = parts.pop();
    for (const l of parts) if (l.length > 0) yield l;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest;
}

/** Documents, file bytes and UTF-8 bytes of the `text` fields (what "MB/s of Arabic text" counts). */
export function statsOf(records, file) {
  let textBytes = 0;
  for (const r of records) textBytes += Buffer.byteLength(r.text ?? "", "utf8");
  return { file, docs: records.length, fileBytes: statSync(file).size, textBytes };
}

export async function writeLines(file, gen) {
  const out = createWriteStream(file);
  for (const l of gen) if (!out.write(l + "\n")) await once(out, "drain");
  out.end();
  await once(out, "finish");
}

/** Splits a text at the space nearest its middle. */
export function halves(text) {
  const mid = text.length >> 1;
  const a = text.lastIndexOf(" ", mid), b = text.indexOf(" ", mid);
  const cut = a < 0 ? b : b < 0 ? a : mid - a <= b - mid ? a : b;
  return cut < 0 ? [text, ""] : [text.slice(0, cut), text.slice(cut)];
}

/**
 * The 10× replica. Copies of a document would be skipped by ingest as exact duplicates (the id is the hash of
 * the normalized text) and grouped as near-duplicates, so copy k ≥ 1 of document i joins the first half of i's
 * text to the second half of document (i + 977k) mod n: as much text and the same language, one new document
 * each (word 3-shingle Jaccard ≈ 1/3 with any other copy, below the 0.7 near-duplicate threshold). Copy 0 is
 * the corpus itself.
 */
export function* replica(records, scale) {
  const n = records.length;
  const split = records.map((r) => halves(r.text ?? ""));
  for (let k = 0; k < scale; k++) {
    for (let i = 0; i < n; i++) {
      const r = records[i];
      if (k === 0 || !r.text) { yield r.line; continue; }
      const j = (i + 977 * k) % n;
      const o = { ...r.json, text: split[i][0] + split[j][1] };
      if (o.docno) o.docno = `${o.docno}~${k}`;
      if (o.url) o.url = `${o.url}#${k}`;
      yield JSON.stringify(o);
    }
  }
}
