// Import of the full Who's On First files for Syria and Iraq (and the GeoNames cities1000 extract) from
// ../shared/data/gazetteer. Needs ../shared: skipped where it is absent. Prints import time and index size.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { importGazetteer, gazetteerEntries, type ImportSummary } from "../../src/gazetteer/index.js";
import { lexiconWith } from "../../src/lexicon/index.js";
import { extract } from "../../src/extract/index.js";

const SHARED = resolve(__dirname, "../../../shared/data/gazetteer");
const FILES = ["wof_sy.tsv", "wof_iq.tsv"].map((f) => join(SHARED, f));
const GN = join(SHARED, "geonames_cities1000_2013_SY_IQ.tsv");
const present = FILES.every((f) => existsSync(f));

describe.skipIf(!present)("the shared WOF gazetteer (needs ../shared)", () => {
  let dir: string;
  let db: string;
  let summary: ImportSummary;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rasad-wof-"));
    db = join(dir, "gaz.db");
    summary = await importGazetteer(db, existsSync(GN) ? [...FILES, GN] : FILES);
  }, 300_000);
  afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

  it("imports both files, and reports time and size", () => {
    expect(summary.failures).toEqual([]);
    const [sy, iq] = summary.files;
    expect(sy.places).toBeGreaterThan(10_000);
    expect(iq.places).toBeGreaterThan(20_000);
    expect(sy.superseded + iq.superseded).toBeGreaterThan(0);
    const t0 = performance.now();
    const load = gazetteerEntries(db)!;
    const lex = lexiconWith(load.entries);
    const compileMs = performance.now() - t0;
    for (const f of summary.files) console.log(`gazetteer import: ${f.file}: ${f.places} places, ${f.names} names (${f.arabicNames} Arabic), ${f.superseded} superseded, ${f.derivedAdmin1} governorates derived, ${(f.ms / 1000).toFixed(1)} s`);
    console.log(`gazetteer import: ${summary.totalPlaces} places, ${summary.totalNames} names, ${summary.totalArabicKeys} Arabic keys, ` +
      `${(summary.bytes / 1048576).toFixed(1)} MiB of tables (file ${(statSync(db).size / 1048576).toFixed(1)} MiB), ${(summary.ms / 1000).toFixed(1)} s; ` +
      `lexicon ${load.stats.entries} entries / ${load.stats.forms} forms (${load.stats.risky} need a head noun, ${load.stats.same} are core places) built in ${(compileMs / 1000).toFixed(1)} s`);
    expect(lex.entries.length).toBeGreaterThan(25_000);
    // every Syrian and Iraqi WOF region is the core gazetteer's governorate
    const regions = load.entries.filter((e) => e.extra.placetype === "region" && (e.extra.country === "SY" || e.extra.country === "IQ"));
    const unmapped = regions.filter((e) => !e.extra.same).map((e) => `${e.id} ${e.en}`);
    expect(unmapped.length).toBeLessThanOrEqual(2); // e.g. an observer-force zone
  });

  it("a village of the import is found and placed in a report about its governorate", async () => {
    const opts = { lexicon: lexiconWith(gazetteerEntries(db)!.entries) };
    // (a village the core gazetteer does not list: al-Masmiyah, the first example here, is a core row now)
    const text = "أفادت مصادر محلية بانفجار لغم أرضي قرب قرية دير العدس في ريف درعا الشمالي.";
    const x = extract({ id: "t", text }, opts);
    const p = x.entities.find((e) => e.kind === "place" && text.slice(e.mentions[0][0], e.mentions[0][1]).includes("دير العدس"));
    expect(p?.id).toMatch(/^place\/(wof|gn)-/);
    expect(p?.geo?.precision).toBe("town");
    expect(Math.abs(p!.geo!.lat - 33.16)).toBeLessThan(0.2);
  });
});
