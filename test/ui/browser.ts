// What the browser tests share: Debian's chromium (found or not), its flags, and a UI build that is fresh.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";

export const CHROMIUM = process.env.RASAD_CHROMIUM ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const SKIP_MESSAGE =
  `browser tests SKIPPED: ${CHROMIUM} is absent. Enable them with \`apt-get install -y chromium\` (Debian), ` +
  "or point RASAD_CHROMIUM at a Chromium binary.";

/** Flags that make headless chromium work offline and draw WebGL (sigma, maplibre) in software. */
export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-quic", "--no-first-run",
  "--disable-sync", "--use-angle=swiftshader", "--enable-unsafe-swiftshader",
];

export const ROOT = resolve(__dirname, "../..");
export const WEB = join(ROOT, "web");
export const DIST = join(WEB, "dist");

function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((f) => newest(join(path, f))));
}

/** Builds web/dist when it is missing or older than any source of the UI. */
export async function ensureUiBuilt(): Promise<void> {
  const index = join(DIST, "index.html");
  const sources = Math.max(newest(join(WEB, "src")), newest(join(WEB, "index.html")), newest(join(WEB, "vite.config.ts")));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import("vite");
  await build({ configFile: join(WEB, "vite.config.ts"), logLevel: "warn" });
}
