// Ingest reads places with the store's imported gazetteer (issue 5) beside the shipped lexicons.
import { describe, it, expect } from "vitest";
import { join, resolve } from "node:path";
import { writeFileSync } from "node:fs";
import { importGazetteer } from "../../src/gazetteer/index.js";
import { ingest } from "../../src/ingest/index.js";
import { openStore } from "../../src/store/index.js";
import { tempDir, ROOT } from "./helpers.js";

const WOF = resolve(ROOT, "test/fixtures/gazetteer/wof-sample.tsv");

describe("ingest with a store's gazetteer", () => {
  it("finds a village only the imported gazetteer knows, and not without it", async () => {
    const dir = tempDir();
    const report = join(dir, "report.txt");
    // shelling of the village of Tall al-Ward in the Deir ez-Zor countryside
    writeFileSync(report, "قالت مصادر محلية إن قوات النظام قصفت قرية تل الورد في ريف دير الزور صباح اليوم.");
    const withGaz = join(dir, "with.db");
    await importGazetteer(withGaz, [WOF]);
    for (const [db, gazetteer, expected] of [[withGaz, true, true], [join(dir, "without.db"), true, false], [withGaz, false, false]] as const) {
      const store = await openStore(db);
      if (!gazetteer) {
        // the same store read again without its gazetteer: re-extract under another pipeline name
        await ingest([report], { store, workers: 0, gazetteer: false, reextract: true, pipeline: "no-gazetteer" });
      } else {
        await ingest([report], { store, workers: 0 });
      }
      const places = (await store.findEntities({ kind: "place" })).items.map((e) => e.key);
      const docs = (await store.listDocuments({ entity: "place/wof-9000000104" })).total;
      expect(docs > 0, `${db} gazetteer=${gazetteer}: ${places.join(", ")}`).toBe(expected);
      await store.close();
    }
  });
});
