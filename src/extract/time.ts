// Time: time expressions of a sentence attach to its claims, resolved against the report's publication date
// with a precision («أمس» → the day before, «الشهر الماضي» → last month, «في أيار» → May of that year).
import type { Doc, TimeRec } from "./doc.js";
import { TOKEN_NUMBER } from "../text/index.js";
import { word } from "./entities.js";

export function resolveTimes(doc: Doc): void {
  const published = parseDate(doc.input.published);
  const bySentence = new Map<number, TimeRec>();
  for (const tag of doc.layers.time ?? []) {
    const si = doc.sentOf[tag.first];
    if (si < 0 || bySentence.has(si)) continue;
    const rec: TimeRec = { start: tag.start, end: tag.end, entry: tag.entry };
    if (published) rec.value = resolve(tag.entry.type, tag.entry.extra.value ?? "", published, yearAfter(doc, tag.last));
    if (tag.entry.type === "duration_unit" || tag.entry.type === "part_of_day") continue;
    bySentence.set(si, rec);
    doc.times.push(rec);
  }
  for (const f of doc.flows) f.time = bySentence.get(f.sentence);
  for (const e of doc.events) e.time = bySentence.get(e.sentence);
}

function yearAfter(doc: Doc, k: number): number | undefined {
  if (doc.tokens.kind[k] !== TOKEN_NUMBER) return undefined;
  const y = Number(word(doc, k));
  return y >= 1900 && y <= 2100 ? y : undefined;
}

export function parseDate(s: string | undefined): Date | null {
  if (!s) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? null : d;
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (d: Date, n: number) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + n));

export function resolve(kind: string, value: string, pub: Date, year?: number): TimeRec["value"] {
  switch (kind) {
    case "relative_day": {
      const n = Number(value);
      if (!Number.isFinite(n)) return undefined;
      const d = addDays(pub, n);
      return { start: iso(d), end: iso(d), precision: "day" };
    }
    case "weekday": {
      const w = Number(value);
      if (!Number.isFinite(w)) return undefined;
      let back = (pub.getUTCDay() - w + 7) % 7;
      const d = addDays(pub, -back);
      return { start: iso(d), end: iso(d), precision: "day" };
    }
    case "month": {
      const m = Number(value);
      if (!Number.isFinite(m) || m < 1 || m > 12) return undefined;
      let y = year ?? pub.getUTCFullYear();
      if (!year && m - 1 > pub.getUTCMonth()) y -= 1;
      const s = new Date(Date.UTC(y, m - 1, 1)), e = new Date(Date.UTC(y, m, 0));
      return { start: iso(s), end: iso(e), precision: "month" };
    }
    case "relative_period": {
      const mt = /^([+-]?\d+)([dwmy])$/.exec(value);
      if (!mt) return undefined;
      const n = Number(mt[1]);
      if (mt[2] === "d") { const d = addDays(pub, n); return { start: iso(d), end: iso(d), precision: "day" }; }
      if (mt[2] === "w") { const s = addDays(pub, 7 * n - pub.getUTCDay()); return { start: iso(s), end: iso(addDays(s, 6)), precision: "week" }; }
      if (mt[2] === "m") {
        const s = new Date(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth() + n, 1));
        const e = new Date(Date.UTC(pub.getUTCFullYear(), pub.getUTCMonth() + n + 1, 0));
        return { start: iso(s), end: iso(e), precision: "month" };
      }
      const y = pub.getUTCFullYear() + n;
      return { start: `${y}-01-01`, end: `${y}-12-31`, precision: "year" };
    }
  }
  return undefined;
}
