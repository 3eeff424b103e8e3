// One test suite for every Store backend: SQLite now, PostgreSQL (issue 8) by calling runStoreSuite with its opener.
import { describe, it, expect, beforeEach, afterEach } from "vitest";
import fc from "fast-check";
import { RasadError } from "../../src/contract/index.js";
import { prepareExtraction } from "../../src/store/claims.js";
import type { Store, FlowClaim } from "../../src/store/index.js";
import {
  inputA, inputB, inputC, inputD, extractionA, extractionB, docIdOf, at, TEXT_A, TEXT_B, TEXT_C, PIPELINE,
} from "./fixtures.js";

export interface SuiteHooks {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** The same store opened again (a new connection), to check what persists. */
  reopen(s: Store): Promise<Store>;
}

export function runStoreSuite(name: string, hooks: SuiteHooks): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    beforeEach(async () => { store = await hooks.open(); });
    afterEach(async () => { await store.close(); });

    const loadAll = async () => store.putDocuments([inputA(), inputB(), inputC(), inputD()]);
    const flowOf = (flows: FlowClaim[], giver: string, cat: string) =>
      flows.find((f) => f.giver?.key === giver && f.items.some((i) => i.category === cat));

    it("stores documents in order: new, new, near-duplicate, exact copy", async () => {
      const out = await loadAll();
      expect(out.map((o) => o.status)).toEqual(["ingested", "ingested", "near_duplicate", "duplicate"]);
      expect(out[2].duplicateOf).toBe(docIdOf(TEXT_A));
      expect(out[3].id).toBe(docIdOf(TEXT_A));
      const s = await store.stats();
      expect(s.documents).toBe(3);
      expect(s.copies).toBe(1);
      expect(s.nearDuplicates).toBe(1);
      expect(s.claims).toEqual({ flow: 7, event: 1, fact: 1 });
    });

    it("is idempotent: the same batch again adds nothing", async () => {
      await loadAll();
      const before = await store.stats();
      const again = await loadAll();
      expect(again.map((o) => o.status)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate"]);
      const after = await store.stats();
      expect({ ...after, lastIngest: undefined }).toEqual({ ...before, lastIngest: undefined });
    });

    it("keeps a bad document out without losing the rest of its batch", async () => {
      const bad = { ...inputB(), extraction: null };
      const out = await store.putDocuments([inputA(), bad, inputC()]);
      expect(out.map((o) => o.status)).toEqual(["ingested", "failed", "near_duplicate"]);
      expect(out[1].error).toBeInstanceOf(RasadError);
      expect(await store.getDocument(docIdOf(TEXT_B))).toBeNull();
      expect((await store.stats()).documents).toBe(2);
    });

    it("reads a document back with its text, mentions, claims, copies and near-duplicates", async () => {
      await loadAll();
      const a = (await store.getDocument(docIdOf(TEXT_A)))!;
      expect(a.text).toBe(TEXT_A);
      expect(a.outlet).toBe("عين الفرات");
      expect(a.pipeline).toBe(PIPELINE);
      for (const m of a.mentions) expect(TEXT_A.slice(m.span[0], m.span[1])).toBe(m.text);
      expect(a.mentions.map((m) => m.entity)).toContain("actor/~التجار");
      expect(a.flows).toHaveLength(3);
      const levy = flowOf(a.flows, "actor/~التجار", "money")!;
      expect(levy.mode).toBe("levy");
      expect(levy.receiver?.name).toEqual({ ar: "داعش", en: "ISIS" });
      expect(levy.place?.geo).toEqual({ lat: 35.336, lon: 40.14, precision: "governorate" });
      expect(levy.source).toEqual({ kind: "anonymous", span: at(TEXT_A, "مصادر محلية"), text: "مصادر محلية" });
      expect(levy.evidence.text).toBe(TEXT_A.slice(levy.evidence.span[0], levy.evidence.span[1]));
      expect(levy.items[0].text).toBe("إتاوات");
      expect(levy.date).toBe("2024-03-10");
      expect(levy.status).toBe("machine");
      const sale = flowOf(a.flows, "actor/ndf", "weapons")!;
      const pay = flowOf(a.flows, "actor/isis", "money")!;
      expect(sale.exchangeFor).toEqual([pay.id]);
      expect(pay.exchangeFor).toEqual([sale.id]);
      expect(a.copies.map((c) => c.outlet).sort()).toEqual(["عين الفرات", "وكالة التوزيع"]);
      expect(a.nearDuplicates.map((d) => d.id)).toEqual([docIdOf(TEXT_C)]);
      const b = (await store.getDocument(docIdOf(TEXT_B)))!;
      expect(b.events[0]).toMatchObject({ type: "attack", killed: 3, date: "2024-03-11", time: { text: "أمس", precision: "day" } });
      expect(b.events[0].agents.map((e) => e.key)).toEqual(["actor/isis"]);
      expect(b.facts[0]).toMatchObject({ type: "presence", subject: { key: "actor/isis" }, object: { key: "place/sy-mayadin" } });
      expect(await store.getDocument("nope")).toBeNull();
    });

    it("derives claim ids from content: stable across runs and extraction order, distinct across documents", () => {
      const idA = docIdOf(TEXT_A);
      const one = prepareExtraction(idA, TEXT_A, extractionA()).claims.map((c) => c.id);
      const x = extractionA();
      x.flows = [x.flows[2], x.flows[0], x.flows[1]].map((f) => ({ ...f, exchange_for: [] }));
      const two = prepareExtraction(idA, TEXT_A, x).claims.map((c) => c.id);
      expect(new Set(two)).toEqual(new Set(one));
      const other = prepareExtraction(docIdOf(TEXT_C), TEXT_C, extractionA(TEXT_C)).claims.map((c) => c.id);
      expect(other.some((id) => one.includes(id))).toBe(false);
    });

    it("aggregates edges: documents, independent outlets (copies and near-duplicates not counted), first and last seen", async () => {
      await loadAll();
      const edges = (await store.listEdges()).items;
      const arms = edges.find((e) => e.giver?.key === "actor/ndf" && e.receiver?.key === "actor/isis" && e.category === "weapons")!;
      // A, B and C (near-duplicate of A) carry it; A's syndicated copy D is no document of its own
      expect(arms.documents).toBe(3);
      expect(arms.outlets).toBe(2);
      expect(arms.claims).toBe(3);
      expect(arms.firstSeen).toBe("2024-03-10");
      expect(arms.lastSeen).toBe("2024-03-12");
      expect(arms.sourceKinds).toEqual(["anonymous", "organization"]);
      expect(arms.modes).toEqual(["sell"]);
      expect(edges[0]).toBe(arms); // strongest first
      const strong = await store.listEdges({ minOutlets: 2 });
      expect(strong.items.map((e) => e.category)).toEqual(["weapons"]);
      expect((await store.listEdges({ originalsOnly: true })).items.find((e) => e.category === "weapons")!.documents).toBe(2);
    });

    it("filters flows by giver, receiver, item, place, date, source, outlet", async () => {
      await loadAll();
      const n = async (f: Parameters<Store["listFlows"]>[0]) => (await store.listFlows(f)).total;
      expect(await n({})).toBe(7);
      expect(await n({ giver: ["actor/ndf"] })).toBe(3);
      expect(await n({ receiver: ["actor/ndf"] })).toBe(2);
      expect(await n({ actor: ["actor/ndf"] })).toBe(5);
      expect(await n({ item: ["weapons"] })).toBe(3);
      expect(await n({ item: ["weapons", "money"] })).toBe(7);
      expect(await n({ place: ["place/sy-mayadin"] })).toBe(1);
      expect(await n({ from: "2024-03-11" })).toBe(4);
      expect(await n({ to: "2024-03-10" })).toBe(3);
      expect(await n({ from: "2024-03", to: "2024-03" })).toBe(7);
      expect(await n({ to: "2024-02" })).toBe(0);
      expect(await n({ source: ["organization"] })).toBe(1);
      expect(await n({ outlet: ["المرصد"] })).toBe(1);
      expect(await n({ originalsOnly: true })).toBe(4);
      expect(await n({ giver: ["actor/nobody"] })).toBe(0);
      const page = await store.listFlows({}, { limit: 2, offset: 1 });
      expect(page.items).toHaveLength(2);
      expect(page.total).toBe(7);
      expect(page.items[0].date! >= page.items[1].date!).toBe(true);
    });

    it("filters events by type, actor, place and time", async () => {
      await loadAll();
      const n = async (f: Parameters<Store["listEvents"]>[0]) => (await store.listEvents(f)).total;
      expect(await n({})).toBe(1);
      expect(await n({ type: ["attack"] })).toBe(1);
      expect(await n({ type: ["airstrike"] })).toBe(0);
      expect(await n({ actor: ["actor/saa"] })).toBe(1);
      expect(await n({ place: ["place/sy-mayadin"] })).toBe(1);
      expect(await n({ from: "2024-03-12" })).toBe(0);
      expect(await n({ to: "2024-03-11" })).toBe(1);
    });

    it("applies reviews: reject hides, correct changes parties and edges, both survive re-ingest and re-extraction", async () => {
      await loadAll();
      const a = (await store.getDocument(docIdOf(TEXT_A)))!;
      const sale = flowOf(a.flows, "actor/ndf", "weapons")!;
      const levy = flowOf(a.flows, "actor/~التجار", "money")!;
      const rev = await store.addReview({
        claimId: sale.id, verdict: "correct", corrected: { giver: "actor/4th-division" }, reviewer: "lina", note: "it was the Fourth Division",
      });
      expect(rev).toMatchObject({ claimId: sale.id, docId: a.id, kind: "flow", verdict: "correct", reviewer: "lina" });
      await store.addReview({ claimId: levy.id, verdict: "reject", reviewer: "lina" });

      const check = async () => {
        const got = (await store.getClaim(sale.id)) as FlowClaim;
        expect(got.status).toBe("corrected");
        expect(got.giver?.key).toBe("actor/4th-division");
        expect(got.machine).toEqual({ giver: "actor/ndf" });
        expect(got.review?.note).toBe("it was the Fourth Division");
        expect((await store.listFlows({ giver: ["actor/4th-division"] })).total).toBe(1);
        expect((await store.listFlows({ giver: ["actor/ndf"] })).total).toBe(2);
        expect((await store.listFlows({ item: ["money"], giver: ["actor/~التجار"] })).total).toBe(1); // C's levy only
        expect((await store.listFlows({ status: ["rejected"] })).items.map((f) => f.id)).toEqual([levy.id]);
        expect((await store.listFlows({ includeRejected: true })).total).toBe(7);
        const edges = (await store.listEdges()).items;
        expect(edges.find((e) => e.giver?.key === "actor/4th-division")).toMatchObject({ category: "weapons", documents: 1 });
        expect(edges.find((e) => e.giver?.key === "actor/ndf" && e.category === "weapons")!.documents).toBe(2);
        expect((await store.getEntity("actor/4th-division"))?.documents).toBe(1);
      };
      await check();
      await store.putDocuments([inputA(), inputD()]); // re-ingest: duplicates
      await check();
      await store.replaceExtraction(a.id, extractionA(), "test-2"); // re-extraction, same claims
      await check();
      expect((await store.getDocument(a.id))!.pipeline).toBe("test-2");
      // a re-extraction that no longer finds the levy leaves its review orphaned, not lost
      const x = extractionA();
      x.flows = x.flows.slice(1).map((f) => ({ ...f, exchange_for: [] }));
      await store.replaceExtraction(a.id, x, "test-3");
      const orphans = await store.listReviews({ orphaned: true });
      expect(orphans.items.map((r) => r.claimId)).toEqual([levy.id]);
      expect((await store.listReviews({ docId: a.id })).total).toBe(2);
      expect(((await store.getClaim(sale.id)) as FlowClaim).giver?.key).toBe("actor/4th-division");
    });

    it("deletes a document: its claims, copies and search entry go, reviews stay as orphans, its near-copy stands alone", async () => {
      await loadAll();
      const a = (await store.getDocument(docIdOf(TEXT_A)))!;
      const b = (await store.getDocument(docIdOf(TEXT_B)))!;
      const c = docIdOf(TEXT_C);
      await store.addReview({ claimId: a.flows[0].id, verdict: "confirm", reviewer: "lina" });
      expect((await store.search("الشرقي")).total).toBe(1); // A only (C says «الغربي»)
      expect(await store.deleteDocument(a.id)).toBe(true);
      expect(await store.deleteDocument(a.id)).toBe(false);
      expect(await store.getDocument(a.id)).toBeNull();
      expect(await store.getClaim(a.flows[0].id)).toBeNull();
      expect((await store.search("الشرقي")).total).toBe(0);
      expect((await store.getDocument(c))!.duplicateOf ?? null).toBeNull();
      expect((await store.listReviews({ orphaned: true })).items.map((r) => r.claimId)).toEqual([a.flows[0].id]);
      // the same text again is a new document, not a copy of a deleted one
      expect((await store.putDocuments([inputA()]))[0].status).toBe("near_duplicate");
      expect(await store.deleteDocument(a.id)).toBe(true);
      // B's entities that no other document names are gone; every entity left is named by a stored document
      expect(await store.deleteDocument(b.id)).toBe(true);
      const reopened = await hooks.reopen(store);
      try {
        const left = (await reopened.getDocument(c))!;
        const named = new Set(left.entities.map((e) => e.key));
        const stored = (await reopened.findEntities({}, { limit: 1000 })).items.map((e) => e.key);
        expect(new Set(stored)).toEqual(named);
        expect((await reopened.stats()).documents).toBe(1);
        expect((await reopened.stats()).claims).toEqual({ flow: left.flows.length, event: left.events.length, fact: left.facts.length });
      } finally {
        if (reopened !== store) await reopened.close();
      }
    });

    it("puts a correction to items, type and casualties", async () => {
      await loadAll();
      const b = (await store.getDocument(docIdOf(TEXT_B)))!;
      await store.addReview({ claimId: b.flows[0].id, verdict: "correct", corrected: { items: ["weapons", "fuel"], mode: "smuggle" }, reviewer: "omar" });
      await store.addReview({ claimId: b.events[0].id, verdict: "correct", corrected: { type: "armed_clash", killed: 4 }, reviewer: "omar" });
      await store.addReview({ claimId: b.events[0].id, verdict: "confirm", reviewer: "lina" });
      const f = (await store.getClaim(b.flows[0].id)) as FlowClaim;
      expect(f.items.map((i) => i.category)).toEqual(["weapons", "fuel"]);
      expect(f.items[0].text).toBe("أسلحة");
      expect(f.machine).toEqual({ items: ["weapons"], mode: "sell" });
      expect((await store.listFlows({ item: ["fuel"] })).total).toBe(1);
      expect((await store.listEvents({ type: ["armed_clash"] })).items[0]).toMatchObject({ killed: 4, status: "corrected" });
      expect((await store.listReviews({ claimId: b.events[0].id })).items.map((r) => r.verdict)).toEqual(["confirm", "correct"]);
    });

    it("refuses bad reviews with a clear error", async () => {
      await loadAll();
      const b = (await store.getDocument(docIdOf(TEXT_B)))!;
      const code = async (p: Promise<unknown>) => { try { await p; return "ok"; } catch (e) { return (e as RasadError).code; } };
      expect(await code(store.addReview({ claimId: "flow-nope", verdict: "confirm", reviewer: "x" }))).toBe("NOT_FOUND");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "correct", reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "correct", corrected: { items: ["cheese"] }, reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "correct", corrected: { type: "attack" }, reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "correct", corrected: { giver: "isis" }, reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "confirm", corrected: { mode: "sell" }, reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "maybe" as never, reviewer: "x" }))).toBe("BAD_PARAM");
      expect(await code(store.addReview({ claimId: b.flows[0].id, verdict: "confirm", reviewer: "" }))).toBe("BAD_PARAM");
      expect((await store.listReviews()).total).toBe(0);
    });

    it("clusters unknown names by normalized form across documents", async () => {
      const t1 = "هاجم جيش العشائر حاجزاً في الريف.";
      const t2 = "قال قائد في جيشُ العشائر إن الهجوم فشل.";
      const mk = (text: string, id: string, name: string) => ({
        id: docIdOf(text), text, pipeline: PIPELINE,
        extraction: {
          doc: { id: docIdOf(text) }, flows: [], events: [], facts: [],
          entities: [{ id, kind: "actor" as const, name: { ar: name }, mentions: [at(text, name)] }],
        },
      });
      await store.putDocuments([mk(t1, "e1", "جيش العشائر"), mk(t2, "x7", "جيشُ العشائر")]);
      const ents = await store.findEntities({ q: "جيش العشائر" });
      expect(ents.items.map((e) => e.key)).toEqual(["actor/~جيش العشاير"]);
      expect(ents.items[0].documents).toBe(2);
      expect((await store.aliases("actor/~جيش العشاير")).map((a) => a.text).sort()).toEqual(["جيش العشائر", "جيشُ العشائر"]);
    });

    it("survives a buggy extraction: spans outside the text are dropped or clamped", async () => {
      const text = "خبر قصير عن داعش.";
      const x = {
        doc: { id: docIdOf(text) }, facts: [],
        entities: [{ id: "actor/isis", kind: "actor" as const, mentions: [[12, 16], [50, 60], [5, 2]] as [number, number][] }],
        flows: [{ giver: "actor/isis", receiver: "ghost", items: [{ category: "money" as const, span: [90, 99] as [number, number] }], source: { kind: "outlet" as const }, evidence: [3, 500] as [number, number] }],
        events: [],
      };
      const [o] = await store.putDocuments([{ id: docIdOf(text), text, extraction: x, pipeline: PIPELINE }]);
      expect(o.status).toBe("ingested");
      const d = (await store.getDocument(o.id))!;
      expect(d.mentions.map((m) => m.text)).toEqual(["داعش"]);
      expect(d.flows[0].evidence.span).toEqual([3, text.length]);
      expect(d.flows[0].receiver).toBeNull();
      expect(d.flows[0].items).toEqual([{ category: "money" }]);
    });

    it("builds an entity profile: aliases, flows in and out, events, sources, places, documents", async () => {
      await loadAll();
      const p = (await store.entityProfile("actor/isis"))!;
      expect(p.entity).toMatchObject({ key: "actor/isis", type: "armed_group", name: { ar: "داعش", en: "ISIS" }, documents: 3 });
      expect(p.aliases[0]).toEqual({ text: "داعش", count: 4 });
      expect(p.aliases.map((a) => a.text)).toContain("التنظيم");
      expect(p.in.map((e) => `${e.giver?.key}:${e.category}`).sort()).toEqual(["actor/ndf:weapons", "actor/~التجار:money"]);
      expect(p.out.map((e) => `${e.receiver?.key}:${e.category}`)).toEqual(["actor/ndf:money"]);
      expect(p.events.map((e) => e.type)).toEqual(["attack"]);
      expect(p.eventTypes).toEqual([{ type: "attack", count: 1 }]);
      expect(p.facts).toHaveLength(1);
      expect(p.sources.map((s) => s.kind)).toContain("organization");
      expect(p.places.map((x) => x.entity.key).sort()).toEqual(["place/sy-deir-ez-zor", "place/sy-mayadin"]);
      expect(p.documents).toHaveLength(3);
      expect(p.counts).toEqual({ flowsOut: 2, flowsIn: 5, events: 1, facts: 1, documents: 3 });
      expect(await store.entityProfile("actor/unknown")).toBeNull();
    });

    it("finds entities by key, Arabic name, English name and alias", async () => {
      await loadAll();
      const keys = async (q: string) => (await store.findEntities({ q })).items.map((e) => e.key);
      expect(await keys("actor/isis")).toEqual(["actor/isis"]);
      expect(await keys("isis")).toContain("actor/isis");
      expect(await keys("التنظيم")).toEqual(["actor/isis"]);
      expect(await keys("الدفاع الوطني")).toEqual(["actor/ndf"]);
      expect(await keys("دير الزور")).toEqual(["place/sy-deir-ez-zor"]);
      expect((await store.findEntities({ kind: "place" })).total).toBe(2);
      expect((await store.findEntities({ kind: "place", geo: true })).total).toBe(2);
      expect((await store.getEntities(["actor/ndf", "actor/none", "actor/isis"])).map((e) => e.key)).toEqual(["actor/ndf", "actor/isis"]);
    });

    it("returns the graph, an entity's neighbourhood and the places with counts", async () => {
      await loadAll();
      const g = await store.graph();
      expect(g.nodes.map((n) => n.key).sort()).toEqual(["actor/isis", "actor/ndf", "actor/~التجار"]);
      expect(g.edges).toHaveLength(3);
      const nb = await store.neighbourhood("actor/~التجار");
      expect(nb.edges.map((e) => e.category)).toEqual(["money"]);
      const nb2 = await store.neighbourhood("actor/~التجار", { depth: 2 });
      expect(nb2.nodes.map((n) => n.key).sort()).toEqual(["actor/isis", "actor/ndf", "actor/~التجار"]);
      expect((await store.graph({ item: ["weapons"] })).edges).toHaveLength(1);
      const places = await store.listPlaces();
      const may = places.items.find((p) => p.key === "place/sy-mayadin")!;
      expect(may).toMatchObject({ events: 1, flowsAt: 1, flowsVia: 0, geo: { precision: "town" } });
      expect((await store.listPlaces({ type: ["attack"] })).items.map((p) => p.key)).toEqual(["place/sy-mayadin"]);
    });

    it("searches normalized, diacritics-free, clitic-segmented text and highlights the original words", async () => {
      await loadAll();
      const hits = await store.search("الإتاوات");
      expect(hits.items.map((h) => h.doc.id).sort()).toEqual([docIdOf(TEXT_A), docIdOf(TEXT_C)].sort());
      const h = hits.items[0];
      expect(h.snippet.highlights.map(([s, e]) => h.snippet.text.slice(s, e))).toEqual(["إتاوات"]);
      // «شحنة» finds «شُحنة» (harakat) and the highlight covers the word as written
      const s = await store.search("شحنة");
      expect(s.total).toBe(1);
      expect(s.items[0].snippet.highlights.map(([a, b]) => s.items[0].snippet.text.slice(a, b))).toEqual(["شُحنة"]);
      // «الأسلحة» (the weapons) finds «أسلحة»; «وقتل» finds «وقُتل»; a phrase stays a phrase
      expect((await store.search("الأسلحة")).total).toBe(3);
      expect((await store.search("قتل")).total).toBe(1);
      expect((await store.search('"الدفاع الوطني"')).total).toBe(3);
      expect((await store.search('"الوطني الدفاع"')).total).toBe(0);
      expect((await store.search("أسلحة الميادين")).items.map((x) => x.doc.id)).toEqual([docIdOf(TEXT_B)]);
      expect((await store.search("")).total).toBe(0);
      expect((await store.listDocuments({ q: "الإتاوات", originalsOnly: true })).items.map((d) => d.id)).toEqual([docIdOf(TEXT_A)]);
    });

    it("never lets a query string reach FTS5 syntax", async () => {
      await loadAll();
      for (const q of ['"; DROP TABLE documents; --', "NEAR(a b", "a OR", "*", "col:داعش", "^داعش", "'", '"""', "AND NOT"]) {
        await expect(store.search(q)).resolves.toBeDefined();
      }
      await fc.assert(fc.asyncProperty(fc.string({ unit: "grapheme", maxLength: 40 }), async (q) => {
        const r = await store.search(q);
        expect(r.total).toBeGreaterThanOrEqual(0);
      }), { numRuns: 300 });
      expect((await store.stats()).documents).toBe(3);
    });

    it("lists documents with filters and pages", async () => {
      await loadAll();
      expect((await store.listDocuments()).total).toBe(3);
      expect((await store.listDocuments({ outlet: ["المرصد"] })).items.map((d) => d.id)).toEqual([docIdOf(TEXT_B)]);
      expect((await store.listDocuments({ from: "2024-03-11" })).total).toBe(2);
      expect((await store.listDocuments({ entity: "actor/sohr" })).total).toBe(1);
      expect((await store.listDocuments({ originalsOnly: true })).total).toBe(2);
      expect((await store.listDocuments({}, { limit: 1 })).items).toHaveLength(1);
      expect((await store.listDocuments({ since: "2999-01-01" })).total).toBe(0);
    });

    it("iterates every claim of a kind", async () => {
      await loadAll();
      const ids: string[] = [];
      for await (const f of store.iterateClaims("flow", { item: ["weapons"] })) ids.push(f.id);
      expect(ids).toHaveLength(3);
      expect(new Set(ids).size).toBe(3);
      let events = 0;
      for await (const e of store.iterateClaims("event")) { expect(e.kind).toBe("event"); events++; }
      expect(events).toBe(1);
    });

    it("records failures once per path and item", async () => {
      await store.recordFailure({ path: "bad.bin", code: "BINARY", message: "binary" });
      await store.recordFailure({ path: "bad.bin", code: "BINARY", message: "binary, again" });
      await store.recordFailure({ path: "feed.jsonl", item: "#3", code: "BAD_JSON", message: "line 3" });
      const f = await store.listFailures();
      expect(f.total).toBe(2);
      expect(f.items[0]).toMatchObject({ path: "bad.bin", item: "", message: "binary, again" });
      expect((await store.stats()).failures).toBe(2);
    });

    it("answers stats, and what is new since a time", async () => {
      const t0 = new Date().toISOString();
      await loadAll();
      const s = await store.stats({ since: t0 });
      expect(s).toMatchObject({ documents: 3, outlets: 3, entities: { actor: 5, place: 2 }, published: { first: "2024-03-10", last: "2024-03-12" } });
      expect(s.edges).toBe(3);
      expect(s.pipelines).toEqual([{ pipeline: PIPELINE, documents: 3 }]);
      expect(s.since).toMatchObject({ documents: 3, flows: 7, events: 1 });
      expect(s.since!.entities.map((e) => e.key)).toContain("actor/isis");
      expect(s.schemaVersion).toBeGreaterThanOrEqual(1);
    });

    it("persists across connections", async () => {
      await loadAll();
      const a = (await store.getDocument(docIdOf(TEXT_A)))!;
      await store.addReview({ claimId: a.flows[0].id, verdict: "confirm", reviewer: "lina" });
      const again = await hooks.reopen(store);
      try {
        expect((await again.stats()).documents).toBe(3);
        expect((await again.getClaim(a.flows[0].id))?.status).toBe("confirmed");
        expect((await again.search("داعش")).total).toBe(3);
      } finally {
        await again.close();
      }
    });

    it("keeps extraction text exactly: claims from B use B's offsets", async () => {
      await store.putDocuments([inputB()]);
      const d = (await store.getDocument(docIdOf(TEXT_B)))!;
      expect(d.text.slice(...d.events[0].evidence.span)).toBe(d.events[0].evidence.text);
      expect(d.events[0].evidence.text.startsWith("وقُتل")).toBe(true);
      expect(extractionB().flows).toHaveLength(1);
    });
  });
}
