// Injection (issue 7, part 5): SQL metacharacters, markup, `javascript:` URLs, bidi controls and NUL through every
// parameter of every GET route the server describes in its OpenAPI document (so a new route is covered when it is
// added), and through article text ingested and read back; then a static check that no SQL in src/store is built
// from a value.
//
// test/server/api.test.ts already sends a few hostile values through the query parameters of the route table; this
// file goes by the served description, adds path parameters, values shaped to pass validation and reach the store,
// LIKE wildcards that must stay literal, JSON on every answer, the store unchanged afterwards, and the round trip
// of hostile article text.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import ts from "typescript";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { buildServer } from "../../src/server/index.js";
import { ingest } from "../../src/ingest/index.js";
import { fingerprint } from "../../src/ingest/dedupe.js";
import type { Store } from "../../src/store/index.js";
import { ERROR_CODES } from "../../src/contract/index.js";
import { sampleStore, DOC_IDS, KEYS } from "../server/fixtures.js";
import { checkIntegrity } from "../ingest/snapshot.js";

const ROOT = resolve(__dirname, "../..");
/** URL-encodes a value; a lone surrogate (no UTF-8 for it) goes as the bytes of its CESU-8 form, invalid UTF-8. */
const enc = (v: string) => v.split(/([\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF])/)
  .map((part) => (/^[\uD800-\uDFFF]$/.test(part) ? "%ED%A0%80" : encodeURIComponent(part))).join("");

/** Values that break a query built by string concatenation, or a page that renders them as markup. */
const HOSTILE = [
  "'", "\"", ";", "--", "/*", "*/", "%", "_", ",", "\\", "\u0000", "%_%", "\\%",
  "' OR '1'='1", "\" OR \"\"=\"", "1; DROP TABLE documents; --", "x'); DELETE FROM claims; --", "1 UNION SELECT sql FROM sqlite_master --",
  "%' --", "_%", "' || (SELECT count(*) FROM documents) || '", "1/**/OR/**/1=1", "$1", "?", ":id", "@p",
  "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(document.cookie)", "JaVaScRiPt:alert(1)",
  "\u202Eevil\u202C", "\u2066\u2067\u2068\u2069", "\u200B\u200C\u200D\uFEFF", "\u061Cداعش\u200F", "\uD800", "داعش'--",
  "NEAR(a b)", "\"unterminated", "*", "a OR b", "x".repeat(1000),
];

/** The same, shaped to pass the parameter's own pattern (an entity key, a claim id) so that it reaches the store. */
function shaped(pattern: string | undefined, v: string): string[] {
  if (!pattern) return [v];
  if (pattern.includes("actor|place")) return [`actor/x${v}`, `place/${v.replace(/^\s+/, "") || "x"}`];
  return [v];
}

interface Param { name: string; in: "query" | "path"; schema: { type?: string; pattern?: string; enum?: string[]; items?: { pattern?: string } } }
interface Operation { parameters?: Param[]; responses: Record<string, { content?: Record<string, unknown> }> }

let store: Store;
let app: FastifyInstance;
let file: string;
let cleanup: () => Promise<void>;
let spec: { paths: Record<string, Record<string, Operation>> };
let claimId: string;
let before: unknown;

// ---------- hostile article text ----------

/** Our own reports, each carrying what an attacker would put in an article, its title, its outlet and its URL. */
const ARTICLES = [
  {
    id: "sql-1", title: "'; DROP TABLE documents; --", outlet: "O'Reilly \"News\" %_", url: "https://x.example/?q=' OR 1=1 --",
    text: "قالت مصادر محلية إن '; DROP TABLE documents; -- عناصر الفرقة الرابعة تتقاضى \"رشاوى\" /* بلا حساب */ بنسبة 50% من_قيمة الحمولة على حاجز المعامل.",
  },
  {
    id: "xss-1", title: "<script>alert('رصد')</script>", outlet: "<b>منفذ</b>", url: "javascript:alert(1)",
    text: "<script>alert(\"رصد\")</script> أفاد ناشطون بأن خلايا داعش <img src=x onerror=alert(1)> هاجمت حاجزاً <a href=\"javascript:alert(1)\">قرب السخنة</a>.",
  },
  {
    id: "bidi-1", title: "\u202Eعنوان معكوس\u202C", outlet: "\u2066شبكة\u2069", url: "https://x.example/\u202E",
    text: "\u202Eقالت مصادر\u202C إن \u2066الفرقة الرابعة\u2069 تتقاضى رشاوى\u200F من \u200Eالسائقين\u061C على حاجز المعامل\u200B\u200C\u200D.",
  },
  {
    id: "nul-1", title: "عنوان\u0000مخفي", outlet: "منفذ\u0000", url: "https://x.example/nul",
    text: "وذكرت شبكة محلية أن الحرس الثوري\u0000 نقل شحنة أسلحة عبر معبر البوكمال\u0000 إلى ريف دير الزور.",
  },
  {
    id: "sqlite-1", title: "x\" UNION SELECT sql FROM sqlite_master --", outlet: "%", url: "https://x.example/%25",
    text: "وقال تاجر من الميادين: \"' OR '1'='1\" ليست كلمة سر، لكن ميليشيا الدفاع الوطني تأخذ 100$ عن كل شاحنة؛ -- هكذا قال.",
  },
];

beforeAll(async () => {
  let dir: string;
  ({ store, dir, file, cleanup } = await sampleStore());
  const jsonl = join(dir, "hostile.jsonl");
  writeFileSync(jsonl, ARTICLES.map((a) => JSON.stringify(a)).join("\n") + "\n");
  const s = await ingest([jsonl], { store, workers: 0 });
  if (s.ingested !== ARTICLES.length) throw new Error(`hostile articles not all stored: ${JSON.stringify(s.failures)}`);
  app = await buildServer(store, { rateLimit: false });
  spec = (await app.inject({ url: "/api/openapi.json" })).json();
  const flows = (await app.inject({ url: "/api/flows?limit=1" })).json() as { items: { id: string }[] };
  claimId = flows.items[0].id;
  before = (await app.inject({ url: "/api/stats" })).json();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await cleanup?.();
});

/** A valid value for a path parameter, so that a hostile query parameter reaches its handler. */
function validPath(name: string): string {
  if (name === "id") return DOC_IDS.one;
  if (name === "key") return KEYS.isis;
  return "x";
}

/** The answer is JSON (or the JSON lines its operation declares). */
function expectJson(r: LightMyRequestResponse, what: string, produces: string[]): void {
  const type = String(r.headers["content-type"] ?? "");
  if (r.statusCode >= 400 || produces.length === 0 || produces.some((p) => p.endsWith("json") && !p.includes("ndjson"))) {
    if (!/json/.test(type)) throw new Error(`${what}: ${r.statusCode} with content-type ${type}`);
    JSON.parse(r.body);
  } else if (produces.includes("application/x-ndjson")) {
    for (const line of r.body.split("\n").filter(Boolean)) JSON.parse(line);
  }
}

/** The answer carries the security headers, and an error the API's own error body (a code of ERROR_CODES). */
function expectDefended(r: LightMyRequestResponse, what: string): void {
  if (r.headers["x-content-type-options"] !== "nosniff") throw new Error(`${what}: ${r.statusCode} without X-Content-Type-Options: nosniff`);
  if (!r.headers["content-security-policy"]) throw new Error(`${what}: ${r.statusCode} without a Content-Security-Policy`);
  if (r.statusCode >= 400) {
    const body = JSON.parse(r.body) as { code?: string };
    if (!body.code || !(body.code in ERROR_CODES || body.code === "RATE_LIMITED")) throw new Error(`${what}: ${r.statusCode} with error code ${body.code}`);
  }
}

/** Answers to the hostile requests that lack a defence (checked in their own test below). */
const undefended: string[] = [];

describe("hostile values through every parameter the OpenAPI document describes", () => {
  it("no answer is a 5xx, every answer is JSON (or the JSON lines it declares), and the store is unchanged", async () => {
    const gets = Object.entries(spec.paths).filter(([, ops]) => ops.get).map(([path, ops]) => ({ path, op: ops.get }));
    expect(gets.length).toBeGreaterThan(15); // the scan reads the served description
    const failures: string[] = [];
    let requests = 0;
    const send = async (url: string, produces: string[]) => {
      requests++;
      const r = await app.inject({ url });
      if (r.statusCode >= 500) failures.push(`${url.slice(0, 160)} → ${r.statusCode} ${r.body.slice(0, 200)}`);
      else try { expectJson(r, url.slice(0, 160), produces); } catch (e) { failures.push((e as Error).message); }
      try { expectDefended(r, url.slice(0, 100)); } catch (e) { undefended.push((e as Error).message); }
    };
    for (const { path, op } of gets) {
      const produces = Object.keys(op.responses["200"]?.content ?? {});
      const params = op.parameters ?? [];
      const fill = (p: string, hostile?: { name: string; value: string }) =>
        p.replace(/\{(\w+)\}/g, (_, n: string) => enc(hostile?.name === n ? hostile.value : validPath(n)));
      for (const p of params) {
        const pattern = p.schema.pattern ?? p.schema.items?.pattern;
        for (const raw of HOSTILE) {
          for (const v of shaped(pattern, raw)) {
            if (p.in === "path") {
              await send(fill(path, { name: p.name, value: v }), produces);
            } else {
              await send(`${fill(path)}?${p.name}=${enc(v)}`, produces);
              // lists: repeated, and with the value between commas
              if (p.schema.type === "array") await send(`${fill(path)}?${p.name}=${enc(v)}&${p.name}=${enc(v)}&${p.name}=,${enc(v)},`, produces);
            }
          }
        }
      }
      // the claim route with a real claim id and hostile neighbours, and a parameter nobody declared
      if (path.includes("{id}") && path.startsWith("/api/claims")) await send(fill(path).replace(enc(DOC_IDS.one), enc(claimId)), produces);
      await send(`${fill(path)}?${enc("' OR 1=1 --")}=${enc("<script>")}`, produces);
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
    console.log(`injection: ${requests} hostile requests over ${gets.length} GET routes`);
    // nothing was deleted, dropped or added, and the file is whole
    expect((await app.inject({ url: "/api/stats" })).json()).toEqual(before);
    expect(checkIntegrity(file).problems).toEqual([]);
  }, 300_000);

  it("every one of those answers, errors included, carries the security headers and the API's error body", () => {
    // Fastify answers a path parameter that is not valid UTF-8 or over maxParamLength itself (FST_ERR_BAD_URL,
    // FST_ERR_MAX_PARAM_LENGTH), before the app's hooks and error handler: see the report of this test's author.
    expect([...new Set(undefended.map((u) => u.replace(/\/api\/[^:]*/, (m) => m.slice(0, 40))))]).toEqual([]);
  });

  it("LIKE wildcards and quotes in a name search are literal: «%» and «_» find nothing, a quote is an ordinary character", async () => {
    const all = (await app.inject({ url: "/api/entities?limit=1000" })).json() as { total: number };
    expect(all.total).toBeGreaterThan(5);
    for (const q of ["%", "_", "%%", "_%_", "' OR '1'='1", "\\", "\"", "*"]) {
      const r = await app.inject({ url: `/api/entities?q=${enc(q)}` });
      expect(r.statusCode, q).toBe(200);
      expect((r.json() as { total: number }).total, q).toBe(0);
    }
    for (const outlet of ["%", "_", "' OR '1'='1"]) {
      const r = (await app.inject({ url: `/api/documents?outlet=${enc(outlet)}` })).json() as { items: { outlet?: string }[] };
      // only a document whose outlet is that very string
      expect(r.items.every((d) => d.outlet === outlet), outlet).toBe(true);
    }
    // the article whose outlet is literally «%» is found by it, and only it
    const pct = (await app.inject({ url: `/api/documents?outlet=${enc("%")}` })).json() as { items: { id: string }[] };
    expect(pct.items.map((d) => d.id)).toEqual([fingerprint(ARTICLES[4].text).id]);
  });
});

describe("hostile article text, ingested and read back", () => {
  it("comes back byte-identical (text, title, outlet, URL) through /api/documents/:id, as JSON", async () => {
    for (const a of ARTICLES) {
      const id = fingerprint(a.text).id;
      const r = await app.inject({ url: `/api/documents/${enc(id)}` });
      expect(r.statusCode, a.id).toBe(200);
      expectJson(r, a.id, ["application/json"]);
      const doc = r.json() as { text: string; title?: string; outlet?: string; url?: string; sourceId?: string };
      expect(doc.text, a.id).toBe(a.text);
      expect([doc.title, doc.outlet, doc.url, doc.sourceId], a.id).toEqual([a.title, a.outlet, a.url, a.id]);
      // the markup is a string inside JSON, never a tag of the answer
      expect(r.body.includes("<script>") ? r.headers["content-type"] : "json").toMatch(/json/);
    }
  });

  it("its mentions point into the text as stored, and searching for its hostile words answers without error", async () => {
    for (const a of ARTICLES) {
      const doc = (await app.inject({ url: `/api/documents/${enc(fingerprint(a.text).id)}` })).json() as { text: string; mentions?: { span: [number, number]; surface?: string }[] };
      for (const m of doc.mentions ?? []) {
        expect(m.span[0] >= 0 && m.span[1] <= doc.text.length && m.span[0] < m.span[1], a.id).toBe(true);
        if (m.surface !== undefined) expect(doc.text.slice(m.span[0], m.span[1]), a.id).toBe(m.surface);
      }
    }
    for (const q of ["DROP TABLE", "'; DROP", "<script>", "javascript:alert", "\u202Eقالت", "رشاوى\u200F", "\"' OR '1'='1\"", "100$", "--", "/*"]) {
      for (const url of [`/api/search?q=${enc(q)}`, `/api/documents?q=${enc(q)}`]) {
        const r = await app.inject({ url });
        expect(r.statusCode, url).toBeLessThan(500);
        expect(String(r.headers["content-type"]), url).toMatch(/json/);
      }
    }
    // a phrase with a quote and a «--» in it finds its article
    const hit = (await app.inject({ url: `/api/search?q=${enc("عناصر الفرقة الرابعة تتقاضى")}` })).json() as { items: { doc: { id: string } }[] };
    expect(hit.items.map((i) => i.doc.id)).toContain(fingerprint(ARTICLES[0].text).id);
  });
});

// ---------- no SQL built from a value ----------

/**
 * What may be interpolated into a template literal (or joined with `+`) in src/store. Anything else fails the test
 * until it is reviewed and added here with the reason it cannot carry a caller's value.
 */
const SAFE_RULES: [RegExp, string][] = [
  [/^(p|q)\.(add|list)\(/, "a bound parameter: the value goes into the parameter array, the SQL gets $n"],
  [/^this\.add\(|^this\.values\.length$/, "inside the parameter builder: the $n placeholder itself"],
  [/^qs\(/, "a run of ? placeholders"],
  [/^[A-Z][A-Z0-9_]*(\.(map|filter|join)\(.*\))*$/s, "a module constant written in the code (column lists, aggregates, orders)"],
  [/^Math\.max\(0, Math\.trunc\(/, "a number, coerced"],
  [/^where\(/, "WHERE joined from fragments that are themselves checked here"],
  [/^(col|tsv)\((\s*"[^"]*"\s*,?)+\)$/, "a helper of the file called with literal arguments only (column names, cast types)"],
  [/^\[(\s*"\w+"\s*,?)+\]\.map\(/, "a literal list of column names"],
];
/** Local SQL fragments, by file: each is built in that file from the pieces above (reviewed by hand). */
const REVIEWED: Record<string, Record<string, string>> = {
  "src/store/sqlite.ts": {
    "from": "a FROM clause picked from two fixed strings",
    "order": "an ORDER BY picked from fixed strings",
    "having": "HAVING with a coerced number",
    "tail": "ORDER/LIMIT with ? placeholders, from the callers in this file",
    "involved": "a fixed IN (subquery) fragment with ? placeholders",
    "col": "a column name from the fixed list in this file",
    "alts.join(\" OR \")": "alternatives built from col and ? placeholders",
    "n.replace(/[\\\\%_]/g, (c) => \"\\\\\" + c)": "a LIKE pattern with its wildcards escaped, bound as a parameter",
    "i.path.join(\".\") || \"review\"": "a validation message, not SQL", "i.message": "a validation message, not SQL",
    "rows": "a row count (a number) in a statement-cache key",
    "head": "an INSERT head passed by insertRows' callers in this file, each a fixed string",
    "Array(rows).fill(one).join(\", \")": "row placeholders: `one` is a group of ? made by qs(width)",
    "this.location": "the store's own file path in a file-system call (the WAL's size), not SQL",
  },
  "src/store/postgres.ts": {
    "order": "an ORDER BY from fixed strings", "having": "HAVING with a coerced number",
    "tail ? tail(p) : \"\"": "ORDER/LIMIT with $n placeholders", "involved": "a fixed EXISTS fragment with $n placeholders",
    "col": "a column name from the fixed list in this file", "alts.join(\" OR \")": "alternatives built from col and $n placeholders",
    "geo": "a fixed CASE condition", "s": "a $n placeholder with a cast", "tq": "to_tsquery over a $n placeholder", "unnest": "unnest over $n placeholders",
    "pq": "a $n placeholder", "pl": "a $n placeholder", "f": "a column name from the fixed field list", "fs": "a column name from the fixed field list",
    "n": "a column name from CLAIM_NAMES", "title": "a column expression passed by tsv()'s callers in this file",
    "body": "a column expression passed by tsv()'s callers in this file",
    "fields.map(([f, fs]) => `${f} = CASE WHEN ${take(f, fs)} THEN excluded.${f} ELSE entities.${f} END, ${fs} = CASE WHEN ${take(f, fs)} THEN excluded.${fs} ELSE entities.${fs} END`).join(\",\\n \")": "over the fixed list of entity fields",
    "fields.map(([f, fs]) => `${f} = CASE WHEN ${take(f, fs)} THEN v.${f} ELSE e.${f} END, ${fs} = CASE WHEN ${take(f, fs)} THEN ${s} ELSE e.${fs} END`).join(\",\\n \")": "over the fixed list of entity fields",
    "fields.map(([f, fs]) => take(f, fs)).join(\" OR \")": "over the fixed list of entity fields",
    "e.key": "a Set key for deduplicating mentions, not SQL", "m.span[0]": "a Set key for deduplicating mentions, not SQL",
    "n.replace(/[\\\\%_]/g, (c) => \"\\\\\" + c)": "a LIKE pattern with its wildcards escaped, bound as a parameter",
    "i.path.join(\".\") || \"review\"": "a validation message, not SQL", "i.message": "a validation message, not SQL",
    "take(f, fs)": "a CASE condition over fixed column names", "tables.join(\", \")": "table names read from pg_tables, quoted",
    "r.tablename": "a table name read from pg_tables, inside double quotes", "words.join(\" <-> \")": "tsquery text, bound as a parameter (not SQL)",
    "w.replace(/['\\\\]/g, \"\")": "a tsquery word with quotes removed, bound as a parameter (not SQL)",
    "entityUnnest(E, p)": "unnest over $n placeholders",
  },
  "src/store/pg/sql.ts": { "type": "a cast type from the callers in this file" },
  "src/store/search-text.ts": {
    "words.join(\" \")": "an FTS5 phrase, bound as the MATCH parameter (not SQL); its quotes are stripped first",
    "w": "an FTS5 word, bound as the MATCH parameter (not SQL)",
  },
  "src/store/claims.ts": {
    "i.path.join(\".\") || \"corrected\"": "a validation message, not SQL", "i.message": "a validation message, not SQL",
    "e.kind": "an entity key, not SQL", "normalizeForMatch(name) || e.id": "an entity key, not SQL", "id": "a claim id, not SQL",
    "n": "a counter in a claim id, not SQL", "p.role": "a dedupe key, not SQL", "p.entity": "a dedupe key, not SQL",
  },
  "src/store/ids.ts": { "kind": "an id prefix, not SQL", "h": "a hash, not SQL" },
};
/** `+` with a string in src/store: reviewed ones only. */
const REVIEWED_PLUS: Record<string, string> = {
  "f.to + \"~\"": "a value made larger for a <= comparison; it is then bound",
  "filter.to + \"~\"": "a value made larger for a <= comparison; it is then bound",
  "\"WHERE \" + conds.join(\" AND \")": "WHERE from checked fragments",
  "\"\\\\\" + c": "escaping a LIKE wildcard in a value that is then bound",
  "filter.idPrefix.toLowerCase().replace(/[\\\\%_]/g, (c) => \"\\\\\" + c) + \"%\"": "a LIKE pattern, bound as a parameter",
  "\"0x\" + hex": "a number literal for BigInt, not SQL",
};

/** Statement calls on a database handle (better-sqlite3, pg) and the stores' own statement helpers. */
const SINK = /^(this\.db|db|this\.pool|pool|c|tx|client)\.(prepare|exec|query)$|^this\.(st|all|get|run|q|one)$/;
/** A statement call whose SQL is a variable: only these, each reviewed. */
const REVIEWED_SINK_ARGS: Record<string, string> = {
  "sql": "the parameter of a statement helper (st, all, get, run, q, one): its callers' SQL is checked above",
  "m.sql": "a migration's SQL, fixed text in src/store/pg/migrations",
  "m.sqlite": "a migration's SQL, fixed text in src/store/migrations",
};

/** Calls whose arguments are messages for people, not SQL. */
const MESSAGE_CALLS = /^(new RasadError|storeError|this\.wrap|wrap|console\.\w+|new Error)$/;

interface Finding { file: string; line: number; text: string }

/** Every interpolation and string `+` in a source file that no rule allows. */
function unsafeSql(path: string, source: string, rel: string): Finding[] {
  const sf = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const out: Finding[] = [];
  const reviewed = REVIEWED[rel] ?? {};
  const norm = (n: ts.Node) => n.getText(sf).replace(/\s+/g, " ").trim();
  const inMessage = (n: ts.Node): boolean => {
    for (let p: ts.Node | undefined = n.parent; p; p = p.parent) {
      if (ts.isThrowStatement(p)) return true;
      if ((ts.isCallExpression(p) || ts.isNewExpression(p)) && MESSAGE_CALLS.test(`${ts.isNewExpression(p) ? "new " : ""}${p.expression.getText(sf)}`)) return true;
      if (ts.isFunctionLike(p)) return false;
    }
    return false;
  };
  const allowed = (e: string) => SAFE_RULES.some(([re]) => re.test(e)) || e in reviewed;
  const visit = (n: ts.Node): void => {
    if (ts.isTemplateExpression(n) && !inMessage(n)) {
      for (const span of n.templateSpans) {
        const e = norm(span.expression);
        if (!allowed(e)) out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(span.getStart(sf)).line + 1, text: "${" + e + "}" });
      }
    }
    if (ts.isCallExpression(n) && SINK.test(n.expression.getText(sf)) && n.arguments.length > 0) {
      const a = n.arguments[0];
      const literal = ts.isStringLiteral(a) || ts.isNoSubstitutionTemplateLiteral(a) || ts.isTemplateExpression(a);
      if (!literal && !(norm(a) in REVIEWED_SINK_ARGS)) out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(a.getStart(sf)).line + 1, text: `${n.expression.getText(sf)}(${norm(a)})` });
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.PlusToken && !inMessage(n)) {
      const stringy = [n.left, n.right].some((x) => ts.isStringLiteral(x) || ts.isNoSubstitutionTemplateLiteral(x) || ts.isTemplateExpression(x));
      const e = norm(n);
      if (stringy && !(e in REVIEWED_PLUS)) out.push({ file: rel, line: sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1, text: e });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

function storeFiles(dir = join(ROOT, "src", "store")): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? storeFiles(p) : p.endsWith(".ts") && !p.endsWith(".test.ts") ? [p] : [];
  });
}

describe("SQL in src/store", () => {
  it("is never built by interpolating or concatenating a value: only placeholders, constants and reviewed fragments", () => {
    const findings = storeFiles().flatMap((p) => unsafeSql(p, readFileSync(p, "utf8"), relative(ROOT, p)));
    expect(findings.map((f) => `${f.file}:${f.line} ${f.text}`), "review each: bind the value as a parameter, or add the fragment to REVIEWED with why it is safe").toEqual([]);
  });

  it("every reviewed fragment is still there (the list does not outlive the code it vouches for)", () => {
    const texts = new Map<string, Set<string>>();
    for (const p of storeFiles()) {
      const rel = relative(ROOT, p);
      const sf = ts.createSourceFile(p, readFileSync(p, "utf8"), ts.ScriptTarget.Latest, true);
      const seen = new Set<string>();
      const visit = (n: ts.Node): void => {
        if (ts.isTemplateSpan(n)) seen.add(n.expression.getText(sf).replace(/\s+/g, " ").trim());
        if (ts.isBinaryExpression(n)) seen.add(n.getText(sf).replace(/\s+/g, " ").trim());
        ts.forEachChild(n, visit);
      };
      visit(sf);
      texts.set(rel, seen);
    }
    const stale = Object.entries(REVIEWED).flatMap(([rel, m]) => Object.keys(m).filter((k) => !texts.get(rel)?.has(k)).map((k) => `${rel}: ${k}`));
    const all = new Set([...texts.values()].flatMap((s) => [...s]));
    stale.push(...Object.keys(REVIEWED_PLUS).filter((k) => !all.has(k)).map((k) => `+ ${k}`));
    expect(stale).toEqual([]);
  });

  it("the check itself catches a value spliced into SQL, by template or by +", () => {
    const bad = [
      "export function f(db: any, id: string) { return db.prepare(`SELECT * FROM documents WHERE id = '${id}'`).get(); }",
      "export function g(db: any, name: string) { return db.prepare(\"SELECT * FROM entities WHERE name = '\" + name + \"'\").all(); }",
      "export function h(c: any, filter: { q: string }) { const conds = [`e.norm_name LIKE '%${filter.q}%'`]; return c.query(`SELECT 1 ${where(conds)}`); }",
      "export function k(db: any, q: string) { const query = \"SELECT * FROM documents WHERE title = '\".concat(q, \"'\"); return db.prepare(query).all(); }",
    ];
    for (const src of bad) expect(unsafeSql("bad.ts", src, "src/store/bad.ts").length, src).toBeGreaterThan(0);
    const good = "export function k(db: any, id: string) { return db.prepare(`SELECT ${DOC_META_COLS} FROM documents d WHERE d.id = ? AND d.seq IN (${qs(3)})`).get(id); }";
    expect(unsafeSql("good.ts", good, "src/store/good.ts")).toEqual([]);
  });
});
