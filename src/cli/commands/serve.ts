// `rasad serve`: the workbench (HTTP API + web UI) over a store, on 127.0.0.1:8080 unless told otherwise.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { InvalidArgumentError, type Command } from "commander";
import { openStore, defaultDbLocation } from "../../store/index.js";
import { buildServer, newToken } from "../../server/index.js";
import { storeTokenVerifier } from "../../server/tokens.js";

/** The built UI, beside the package: web/dist (this file runs from dist/cli/commands or src/cli/commands). */
export function defaultUiDir(): string {
  return fileURLToPath(new URL("../../../web/dist", import.meta.url));
}

function parsePort(s: string): number {
  const n = Number(s);
  if (!/^\d+$/.test(s) || !Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError(`not a port: ${s} (0–65535)`);
  return n;
}

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1"]);

export function registerServe(program: Command): void {
  program
    .command("serve")
    .description("serve the analyst workbench (web UI and HTTP API) over a store")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .option("--port <port>", "TCP port (0 picks a free one)", parsePort, 8080)
    .option("--host <host>", "address to listen on; beyond loopback, reads need a token too", "127.0.0.1")
    .option("--ui <dir>", "the built web UI (default: web/dist beside rasad)")
    .option("--no-local-token", "do not give the browser on this machine an analyst token (reviews then need a token)")
    .action(async (o: { db?: string; port: number; host: string; ui?: string; localToken: boolean }) => {
      const loopback = LOOPBACK_HOSTS.has(o.host);
      const store = await openStore(o.db ?? defaultDbLocation());
      const uiDir = o.ui ?? defaultUiDir();
      const app = await buildServer(store, {
        staticDir: uiDir,
        // On loopback the only browser that can reach us is this machine's: it gets the start-up token.
        auth: { localToken: loopback && o.localToken ? newToken() : undefined, readNeedsToken: !loopback,
          verify: storeTokenVerifier(o.db ?? defaultDbLocation()) },
        allowedHosts: loopback ? ["127.0.0.1", "localhost", "[::1]"] : undefined,
        // Requests that fail on our side (500) are logged; the client only ever sees "internal error".
        logger: { level: "error" },
      });
      const address = await app.listen({ port: o.port, host: o.host });
      const stats = await store.stats();
      const url = address.replace("[::1]", "localhost");
      process.stderr.write(`rasad workbench: ${url}/  (store ${store.location}: ${stats.documents} documents, ${stats.claims.flow} flows, ${stats.claims.event} events)\n`);
      if (stats.documents === 0) process.stderr.write("the store is empty: add reports with `rasad ingest FILES…`\n");
      if (!existsSync(uiDir)) process.stderr.write(`the web UI is not built (${uiDir}): run \`npm run build:web\`; the API works meanwhile\n`);
      if (!loopback) process.stderr.write("listening beyond loopback: every request needs a token (rasad token create)\n");
      let closing = false;
      const shutdown = async () => {
        if (closing) process.exit(130);
        closing = true;
        await app.close();
        await store.close();
        process.exit(0);
      };
      process.on("SIGINT", shutdown);
      process.on("SIGTERM", shutdown);
    });
}
