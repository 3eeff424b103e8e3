// Importing gazetteers: both formats from fixtures written for these tests, idempotent re-import, bad files named
// in the error, and the store's gazetteer loaded back as extraction options.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, writeFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { importGazetteer, gazetteerOptions, gazetteerEntries, detectFormat } from "../../src/gazetteer/index.js";
import { RasadError } from "../../src/contract/index.js";

const FIX = resolve(__dirname, "../fixtures/gazetteer");
const WOF = join(FIX, "wof-sample.tsv");
const GN = join(FIX, "geonames-sample.txt");

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), "rasad-gaz-")); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

function rows(db: string, sql: string, ...params: unknown[]): Record<string, unknown>[] {
  const d = new Database(db, { readonly: true });
  try { return d.prepare(sql).all(...params) as Record<string, unknown>[]; } finally { d.close(); }
}

describe("format detection and bad files", () => {
  it("recognises WOF and GeoNames files from their first line", () => {
    expect(detectFormat(WOF)).toBe("wof");
    expect(detectFormat(GN)).toBe("geonames");
  });

  it("names the file and the cause", () => {
    const csv = join(dir, "places.csv");
    writeFileSync(csv, "id,name,lat,lon\n1,حلب,36.2,37.1\n");
    const bin = join(dir, "image.tsv");
    writeFileSync(bin, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1]));
    const empty = join(dir, "empty.tsv");
    writeFileSync(empty, "\n\n");
    const cases: Array<[string, string]> = [[csv, "BAD_INPUT"], [bin, "BINARY"], [empty, "EMPTY"], [join(dir, "missing.tsv"), "UNREADABLE"]];
    for (const [file, code] of cases) {
      let err: unknown;
      try { detectFormat(file); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(RasadError);
      expect((err as RasadError).code).toBe(code);
      expect((err as RasadError).message).toContain(file);
    }
  });

  it("a WOF header with data rows that have no coordinates is refused, and nothing of it is kept", async () => {
    const bad = join(dir, "wof-broken.tsv");
    writeFileSync(bad, "wof_id\tplacetype\tname\tname_ar\tlat\tlon\tcountry\n1\tlocality\tX\tقرية\t\t\tSY\n2\tlocality\tY\tبلدة\tnorth\t\tSY\n");
    const db = join(dir, "bad.db");
    const s = await importGazetteer(db, [bad, GN]);
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0].error.message).toContain(bad);
    expect(s.failures[0].error.message).toMatch(/malformed/);
    expect(s.files.map((f) => f.format)).toEqual(["geonames"]);
    expect(rows(db, "SELECT count(*) AS n FROM gazetteer_places WHERE file = 'wof-broken.tsv'")[0].n).toBe(0);
  });
});

describe("Who's On First TSV", () => {
  let db: string;
  beforeAll(() => { db = join(dir, "wof.db"); });

  it("keeps current rows, derives missing governorates, marks district seats as towns", async () => {
    const s = await importGazetteer(db, [WOF]);
    expect(s.failures).toEqual([]);
    const f = s.files[0];
    expect(f.format).toBe("wof");
    expect(f.superseded).toBe(2); // one deprecated, one is_current = 0
    expect(f.malformed).toBe(1); // no latitude
    expect(f.places).toBe(14);
    expect(f.derivedAdmin1).toBeGreaterThanOrEqual(2);
    const get = (id: string) => rows(db, "SELECT * FROM gazetteer_places WHERE id = ?", id)[0];
    // «تل الورد» has the country as parent: its nearest neighbour with a governorate lies in Deir ez-Zor
    expect(get("wof-9000000104")).toMatchObject({ admin1: "wof-9000000010", admin1_derived: 1, type: "village" });
    // «الكسرة» shares its name with the county «منطقة الكسرة» around it: the seat, a town
    expect(get("wof-9000000112").type).toBe("city");
    expect(get("wof-9000000110")).toMatchObject({ type: "city", population: 25000 });
    expect(get("wof-9000000010").type).toBe("governorate");
    expect(get("wof-9000000020").type).toBe("district");
    expect(get("wof-9000000106")).toBeUndefined();
    const names = rows(db, "SELECT name, lang, norm FROM gazetteer_names WHERE place_id = 'wof-9000000101' ORDER BY ord");
    expect(names).toContainEqual({ name: "الخويرة", lang: "ar", norm: "خويره" });
    expect(names).toContainEqual({ name: "Khuwayrah", lang: "en", norm: "khuwayrah" });
  });

  it("re-importing the same file replaces it: the same rows, once", async () => {
    const before = rows(db, "SELECT count(*) AS p, (SELECT count(*) FROM gazetteer_names) AS n FROM gazetteer_places")[0];
    const s = await importGazetteer(db, [WOF]);
    expect(s.totalPlaces).toBe(before.p);
    expect(s.totalNames).toBe(before.n);
    expect(rows(db, "SELECT count(*) AS n FROM gazetteer_files")[0].n).toBe(1);
  });
});

describe("GeoNames dump format", () => {
  it("reads the 19 columns, Arabic names from the alternate names, feature codes into place types", async () => {
    const db = join(dir, "gn.db");
    const s = await importGazetteer(db, [GN]);
    const f = s.files[0];
    expect(f.format).toBe("geonames");
    expect(f.places).toBe(6);
    expect(f.malformed).toBe(1);
    expect(f.otherTypes).toEqual({ "U.CNYU": 1 });
    const type = (id: string) => rows(db, "SELECT type FROM gazetteer_places WHERE id = ?", id)[0]?.type;
    expect(type("gn-9900001")).toBe("region"); // a wadi
    expect(type("gn-9900002")).toBe("village");
    expect(type("gn-9900003")).toBe("city"); // PPLA2
    expect(type("gn-9900004")).toBe("governorate");
    expect(type("gn-9900005")).toBe("site"); // an airport
    expect(rows(db, "SELECT admin1 FROM gazetteer_places WHERE id = 'gn-9900002'")[0].admin1).toBe("gn-adm1-SY.05");
    const ar = rows(db, "SELECT name FROM gazetteer_names WHERE place_id = 'gn-9900002' AND lang = 'ar' ORDER BY ord").map((r) => r.name);
    expect(ar).toEqual(["السنديان", "قرية السنديان"]);
    // a place with no Arabic name is stored, but gives the Arabic matcher nothing
    const load = gazetteerEntries(db)!;
    expect(load.entries.map((e) => e.id)).not.toContain("gn-9900008");
    expect(load.entries.find((e) => e.id === "gn-9900002")?.forms).toEqual(["السنديان", "قرية السنديان"]);
  });
});

describe("gazetteerOptions", () => {
  it("returns {} at once for a store that does not exist (and creates none) or has no gazetteer", async () => {
    const none = join(dir, "none.db");
    expect(await gazetteerOptions(none)).toEqual({});
    expect(existsSync(none)).toBe(false);
    const plain = join(dir, "plain.db");
    const d = new Database(plain);
    d.exec("CREATE TABLE documents (id TEXT)");
    d.close();
    expect(await gazetteerOptions(plain)).toEqual({});
  });

  it("compiles the imported places beside the shipped lexicons, once per import", async () => {
    const db = join(dir, "opts.db");
    await importGazetteer(db, [WOF]);
    const a = await gazetteerOptions(db);
    expect(a.lexicon).toBeDefined();
    const ids = new Set(a.lexicon!.entries.map((e) => e.id));
    expect(ids.has("wof-9000000101")).toBe(true);
    expect(ids.has("sy-deir-ez-zor")).toBe(true); // the core gazetteer is still there
    expect(await gazetteerOptions(db)).toBe(a);
    await importGazetteer(db, [GN]);
    const b = await gazetteerOptions(db);
    expect(b).not.toBe(a);
    expect(b.lexicon!.entries.some((e) => e.id === "gn-9900002")).toBe(true);
  });

  it("marks imported governorates as the core's, maps their villages onto core governorate ids", () => {
    const db = join(dir, "opts.db");
    const load = gazetteerEntries(db)!;
    const byId = new Map(load.entries.map((e) => [e.id, e]));
    expect(byId.get("wof-9000000010")?.extra.same).toBe("sy-deir-ez-zor");
    expect(byId.get("wof-9000000101")?.extra.admin1).toBe("sy-deir-ez-zor");
    expect(byId.get("wof-9000000102")?.extra.admin1).toBe("sy-aleppo");
    // villages need a head noun; «الحمراء» ("the red") is an ordinary word too
    expect(byId.get("wof-9000000101")?.extra.note).toMatch(/ambiguous/);
    expect(byId.get("wof-9000000105")?.extra.common).toBe("الحمراء");
  });
});
