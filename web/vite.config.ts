// Builds the workbench UI into web/dist, every asset bundled (fonts, the map worker, country outlines): it runs
// with no internet. `rasad serve` serves web/dist; `vite --config web/vite.config.ts` proxies /api to port 8080.
import { defineConfig } from "vite";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL(".", import.meta.url));

export default defineConfig({
  root,
  base: "/",
  publicDir: false,
  build: {
    outDir: fileURLToPath(new URL("./dist", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    // Fonts and images as files, not data: URLs (the page's CSP names its sources).
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
});
