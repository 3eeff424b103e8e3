// The workbench in a real browser (Debian's chromium through playwright-core): load it, open an entity, follow an
// edge to its evidence in the reader, review a claim and see it persist after reload; every view is photographed
// into docs/screenshots. Then the same views over the bundled sample corpus, read by the real extractor
// (docs/screenshots/sample-*.png). Skipped, with a message saying how to enable it, where chromium is absent.
// One file, so that one browser serves both and the UI is built once.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { buildServer } from "../../src/server/index.js";
import { documentId, openSqliteStore, type Store } from "../../src/store/index.js";
import { ingest } from "../../src/ingest/index.js";
import { normalizeForMatch } from "../../src/text/index.js";
import { sampleStore, KEYS, PIPELINE } from "../server/fixtures.js";
import { HAS_CHROMIUM, CHROMIUM, CHROMIUM_ARGS, SKIP_MESSAGE, ROOT, DIST, ensureUiBuilt } from "./browser.js";

const SHOTS = join(ROOT, "docs", "screenshots");
const CORPUS = join(ROOT, "samples", "corpus");
const HAS_CORPUS = existsSync(CORPUS) && readdirSync(CORPUS).some((f) => f.endsWith(".json"));
const enc = encodeURIComponent;

if (!HAS_CHROMIUM) console.warn(`\n*** ${SKIP_MESSAGE}\n`);

/** One browser for the whole file, launched when first needed. */
let browserP: Promise<Browser> | null = null;
function launch(): Promise<Browser> {
  browserP ??= import("playwright-core").then(({ chromium }) => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS }));
  return browserP;
}
afterAll(async () => { if (browserP) await (await browserP).close(); });

if (!HAS_CHROMIUM) {
  describe("workbench in a browser", () => {
    it.skip(SKIP_MESSAGE, () => undefined);
  });
}

// Article text written to attack the page: it must come out as text.
const HOSTILE_TEXT = "قال مصدر <img src=x onerror=\"window.__xss=1\"> إن <script>window.__xss=2</script> الحاجز مغلق.";

describe.runIf(HAS_CHROMIUM)("workbench in a browser", () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let app: FastifyInstance;
  let page: Page;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    await ensureUiBuilt();
    ({ store, cleanup } = await sampleStore());
    const hostileId = documentId(normalizeForMatch(HOSTILE_TEXT));
    await store.putDocuments([{
      id: hostileId, text: HOSTILE_TEXT, title: "<b onmouseover=alert(1)>عنوان</b>", outlet: "<i>x</i>", url: "javascript:alert(1)",
      published: "2024-04-01", pipeline: PIPELINE, extraction: { doc: { id: hostileId }, entities: [], flows: [], events: [] },
    }]);
    app = await buildServer(store, { staticDir: DIST, auth: { localToken: "ui-test-local-token-1" }, allowedHosts: ["127.0.0.1", "localhost"] });
    base = `${await app.listen({ port: 0, host: "127.0.0.1" })}/`;
    page = await (await launch()).newPage({ viewport: { width: 1280, height: 820 }, deviceScaleFactor: 1 });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    // Everything is bundled: any request off this server is a defect (it would fail with no internet).
    page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:") && !r.url().startsWith("blob:")) problems.push(`off-site request: ${r.url()}`); });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await page?.close();
    await app?.close();
    await cleanup?.();
  });

  /** Goes to a view and waits until it has drawn. */
  async function open(hash: string): Promise<void> {
    const view = hash.replace(/^#\/?/, "").split(/[/?]/)[0] || "overview";
    await page.goto(base + hash);
    await page.waitForSelector(`#app[data-ready="true"][data-view="${view}"]`, { timeout: 60_000 });
  }
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });

  it("loads the workbench: overview with counts, vocabulary labels in English and Arabic", async () => {
    await open("#/");
    await expect(page.locator(".stat strong").first().textContent()).resolves.toBe("5");
    expect(await page.locator("text=analyst (this machine)").count()).toBe(1);
    await expect(page.locator("table.edges .chip").first().innerText()).resolves.toMatch(/money\s+أموال/);
    const download = await page.locator('a[href="/api/export/claims.jsonl"]').getAttribute("download");
    expect(download).toBe("rasad-claims.jsonl");
    await shot("overview");
  });

  it("opens an entity from the overview: names, aliases, flows grouped by item", async () => {
    await open("#/");
    await page.locator(`a.entity[href="#/entity/${enc(KEYS.fourth)}"]`).first().click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="entity"]`);
    await expect(page.locator(".entity-head h1 .name-ar").textContent()).resolves.toBe("الفرقة الرابعة");
    await expect(page.locator(".entity-head h1 .name-en").textContent()).resolves.toBe("Fourth Division");
    expect(await page.locator(".edge-group").count()).toBe(4);
    await shot("entity");
  });

  it("follows an edge from the entity page to its evidence in the reader", async () => {
    await open(`#/entity/${enc(KEYS.fourth)}`);
    const money = page.locator(`.edge[data-item="money"]`);
    await money.locator("button.edge-toggle").click();
    const cards = money.locator(".edge-claims .claim");
    await cards.first().waitFor();
    expect(await cards.count()).toBe(2);
    const evidence = (await cards.first().locator(".evidence").textContent())!;
    const claimId = (await cards.first().getAttribute("data-claim-id"))!;
    await cards.first().locator("a.read-link").click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    // The claim is selected, its evidence highlighted in the text, its source marked.
    await expect(page.locator(`.claim.selected`).getAttribute("data-claim-id")).resolves.toBe(claimId);
    const highlighted = await page.locator(".doc-text .hl-evidence").evaluateAll((els) => els.map((e) => e.textContent).join(""));
    expect(highlighted).toBe(evidence);
    const source = await page.locator(".doc-text .hl-source").evaluateAll((els) => els.map((e) => e.textContent).join(""));
    expect(["مصادر محلية", "الناشطون"]).toContain(source);
    // The text is right-to-left Arabic; mentions are highlighted by kind.
    expect(await page.locator(".doc-text").evaluate((el) => getComputedStyle(el).direction)).toBe("rtl");
    expect(await page.locator(".doc-text .m-actor").count()).toBeGreaterThan(0);
    expect(await page.locator(".doc-text .m-place").count()).toBeGreaterThan(0);
    // Selecting another claim moves the highlight to its evidence.
    await page.locator(".claim:not(.selected) .claim-sentence").first().click();
    const moved = await page.locator(".doc-text .hl-evidence").evaluateAll((els) => els.map((e) => e.textContent).join(""));
    expect(moved.length).toBeGreaterThan(0);
    await page.locator(`.claim[data-claim-id="${claimId}"] .claim-sentence`).click();
    await shot("reader");
  });

  it("clicks an edge of the network and reads the claims behind it", async () => {
    await open("#/network");
    await page.waitForFunction(() => Boolean((window as any).__rasadNetwork), null, { timeout: 60_000 });
    expect(await page.locator(".sigma-container").getAttribute("dir")).toBe("ltr");
    await page.waitForTimeout(300);
    // The ransom edge (their families → NDF) has no edge running back over it: its middle is its own.
    const point = await page.evaluate(() => {
      const { renderer, graph } = (window as any).__rasadNetwork;
      const key = graph.edges().find((k: string) => k.endsWith("|actor/ndf|money"));
      const [s, t] = graph.extremities(key);
      const a = graph.getNodeAttributes(s);
      const b = graph.getNodeAttributes(t);
      const p = renderer.graphToViewport({ x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 });
      const r = renderer.getContainer().getBoundingClientRect();
      return { x: r.left + p.x, y: r.top + p.y };
    });
    await page.mouse.click(point.x, point.y);
    const side = page.locator("aside.side");
    await side.locator(".claim").first().waitFor({ timeout: 10_000 });
    await expect(side.locator(".edge-title").innerText()).resolves.toContain("الدفاع الوطني");
    expect(await side.locator(".evidence").first().textContent()).toContain("بفدية");
    await shot("network");
    await side.locator("a.read-link").first().click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    const evidence = await page.locator(".doc-text .hl-evidence").evaluateAll((els) => els.map((e) => e.textContent).join(""));
    expect(evidence).toContain("خطفت");
  });

  it("reviews a claim in the reader and sees the review persist after a reload", async () => {
    await open(`#/entity/${enc(KEYS.isis)}`);
    const fuel = page.locator(`.edge[data-item="fuel"]`);
    await fuel.locator("button.edge-toggle").click();
    await fuel.locator(".claim a.read-link").first().click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    const card = page.locator(".claim.selected");
    const id = (await card.getAttribute("data-claim-id"))!;
    await page.fill("#reviewer", "Mona");
    await page.locator("#reviewer").dispatchEvent("change");
    await card.locator("button.btn-confirm").click();
    const reviewed = page.locator(`.claim[data-claim-id="${id}"]`);
    // textContent() does not wait for a change: wait for the answer of the API to be drawn first
    await reviewed.locator(".status", { hasText: "confirmed by Mona" }).waitFor({ timeout: 15_000 });
    await expect(reviewed.locator(".status").textContent()).resolves.toBe("✓ confirmed by Mona");
    // Correct another claim of the same report: the access it got was in fact money.
    const other = page.locator(".claim-flow:not(.selected)").first();
    const otherId = (await other.getAttribute("data-claim-id"))!;
    await other.locator("button.btn-correct").click();
    const form = other.locator("form.correction");
    await form.locator('input[value="access"]').uncheck();
    await form.locator('input[value="money"]').check();
    await form.locator("button.btn-save").click();
    await page.locator(`.claim[data-claim-id="${otherId}"][data-status="corrected"]`).waitFor();

    await page.reload();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    await expect(page.locator(`.claim[data-claim-id="${id}"]`).getAttribute("data-status")).resolves.toBe("confirmed");
    await expect(page.locator(`.claim[data-claim-id="${id}"] .status`).textContent()).resolves.toBe("✓ confirmed by Mona");
    const corrected = page.locator(`.claim[data-claim-id="${otherId}"]`);
    await expect(corrected.getAttribute("data-status")).resolves.toBe("corrected");
    expect(await corrected.locator(".chip-items").innerText()).toMatch(/money/);
    expect(await corrected.locator(".machine-said").textContent()).toContain("access");

    await open("#/review?status=confirmed&kind=flows");
    expect(await page.locator(`.claim[data-claim-id="${id}"]`).count()).toBe(1);
    expect(await page.locator(".review-log li").count()).toBe(2);
    await shot("review");
  });

  it("shows places and events on the offline map, and what happened at a place", async () => {
    await open("#/map");
    await page.waitForFunction(() => { const m = (window as any).__rasadMap; return m && m.loaded() && m.getSource("places"); }, null, { timeout: 30_000 });
    await page.waitForSelector(".place-label", { timeout: 10_000 });
    await page.waitForSelector(".cluster-count", { timeout: 10_000 });
    await shot("map");
    // Zoom in on al-Sukhnah until it stands alone, then click it: the side panel lists the attack there.
    const p = await page.evaluate(() => new Promise<{ x: number; y: number }>((resolve) => {
      const m = (window as any).__rasadMap;
      m.once("idle", () => {
        const pt = m.project([38.872, 34.887]);
        const r = m.getContainer().getBoundingClientRect();
        resolve({ x: r.left + pt.x, y: r.top + pt.y });
      });
      m.jumpTo({ center: [38.872, 34.887], zoom: 9 });
    }));
    await page.waitForFunction(() => [...document.querySelectorAll(".place-label")].some((e) => e.textContent?.includes("السخنة")), null, { timeout: 10_000 });
    await page.mouse.click(p.x, p.y);
    await page.locator("aside.side .claim-event").first().waitFor({ timeout: 10_000 });
    expect(await page.locator("aside.side").innerText()).toMatch(/attack/);
    await shot("map-place");
  });

  it("draws the timeline and lists a period's claims", async () => {
    await open("#/timeline");
    const bars = page.locator("svg.timeline-svg g.bucket rect.bar");
    expect(await bars.count()).toBe(9);
    await page.locator('svg.timeline-svg g.bucket[data-bucket="2024-06-11"]').click();
    await expect(page.locator(".timeline-list h2").textContent()).resolves.toMatch(/^2024-06-11: 1 claim/);
    await shot("timeline");
  });

  it("searches the reports with highlighted snippets", async () => {
    await open("#/");
    await page.fill("#search-q", "رشاوى");
    await page.press("#search-q", "Enter");
    await page.waitForSelector(`#app[data-ready="true"][data-view="docs"]`);
    expect(await page.locator(".doc-results li").count()).toBe(2);
    await expect(page.locator(".snippet .hit").first().textContent()).resolves.toBe("رشاوى");
    await shot("search");
  });

  it("renders hostile article text, titles and links inert", async () => {
    await open("#/docs");
    await page.locator(".doc-results a", { hasText: "<b onmouseover" }).click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    expect(await page.locator(".doc-text").textContent()).toBe(HOSTILE_TEXT);
    expect(await page.locator(".doc-text img, .doc-text script, h1 b").count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as any).__xss)).toBeUndefined();
  });

  it("adds a pasted report: it is read, stored and opened in the reader with its mentions marked", async () => {
    // 'Local sources said that ISIS members sold a shipment of wheat to traders in the town of al-Sukhnah for money.'
    const text = "قالت مصادر محلية إن عناصر تنظيم داعش باعوا شحنة من القمح لتجار في بلدة السخنة مقابل مبالغ مالية.";
    await open("#/docs");
    await page.locator("details.add-report-box summary").click();
    await page.fill(".add-report textarea", text);
    await page.fill('.add-report input[name="outlet"]', "شبكة تجريبية");
    await page.fill('.add-report input[name="title"]', "بيع القمح في السخنة");
    await shot("add-report");
    await page.locator('.add-report button[type="submit"]').click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    expect(await page.locator(".doc-text").textContent()).toBe(text);
    expect(await page.locator(`.doc-text .m[data-entity="${KEYS.isis}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(`.doc-text .m[data-entity="${KEYS.sukhna}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator(".claim-flow").count()).toBeGreaterThan(0);
    // the same text again opens the stored report instead of storing it twice
    const first = page.url();
    await open("#/docs");
    await page.locator("details.add-report-box summary").click();
    await page.fill(".add-report textarea", text);
    await page.locator('.add-report button[type="submit"]').click();
    await page.waitForSelector(`#app[data-ready="true"][data-view="doc"]`);
    expect(page.url()).toBe(first);
    expect(await page.locator(".doc-results a", { hasText: "بيع القمح" }).count()).toBe(0); // (the reader, not the list)
    await open("#/docs");
    expect(await page.locator(".doc-results a", { hasText: "بيع القمح في السخنة" }).count()).toBe(1);
  });

  it("met no page errors and fetched nothing from the internet", () => {
    expect(problems).toEqual([]);
  });
});

// ---------- the sample corpus ----------

if (!HAS_CHROMIUM || !HAS_CORPUS) {
  describe("workbench over the sample corpus", () => {
    it.skip(!HAS_CHROMIUM ? SKIP_MESSAGE : `skipped: no sample reports in ${CORPUS}`, () => undefined);
  });
}

describe.runIf(HAS_CHROMIUM && HAS_CORPUS)("workbench over the sample corpus", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  let page: Page;
  let base: string;
  const problems: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "rasad-samples-"));
    store = await openSqliteStore(join(dir, "samples.db"));
    const summary = await ingest([CORPUS], { store, workers: 0 });
    expect(summary.ingested, JSON.stringify(summary).slice(0, 800)).toBeGreaterThan(0);
    await ensureUiBuilt();
    app = await buildServer(store, { staticDir: DIST, auth: { localToken: "samples-local-token-1" } });
    base = `${await app.listen({ port: 0, host: "127.0.0.1" })}/`;
    page = await (await launch()).newPage({ viewport: { width: 1280, height: 820 } });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
    mkdirSync(SHOTS, { recursive: true });
  });

  afterAll(async () => {
    await page?.close();
    await app?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function open(hash: string): Promise<void> {
    const view = hash.replace(/^#\/?/, "").split(/[/?]/)[0] || "overview";
    await page.goto(base + hash);
    await page.waitForSelector(`#app[data-ready="true"][data-view="${view}"]`, { timeout: 60_000 });
  }

  it("draws the overview, the network, the map and the timeline of the samples", async () => {
    await open("#/");
    expect(Number(await page.locator(".stat strong").first().textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: join(SHOTS, "sample-overview.png") });

    await open("#/network");
    await page.waitForFunction(() => Boolean((window as any).__rasadNetwork), null, { timeout: 60_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(SHOTS, "sample-network.png") });

    await open("#/map");
    await page.waitForFunction(() => { const m = (window as any).__rasadMap; return m && m.loaded() && m.getSource("places"); }, null, { timeout: 40_000 });
    await page.waitForSelector(".cluster-count, .place-label", { timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, "sample-map.png") });

    await open("#/timeline");
    await page.screenshot({ path: join(SHOTS, "sample-timeline.png") });
    expect(problems).toEqual([]);
  });
});
