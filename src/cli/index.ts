// rasad CLI: one commander program; each command lives in its own file under commands/.
// Only the command being run is loaded (the server and queue modules pull in heavy dependencies); --help loads all.
import { Command } from "commander";
import { describeError } from "../contract/index.js";

type Register = (program: Command) => void;
const COMMANDS: Record<string, () => Promise<Register>> = {
  extract: async () => (await import("./commands/extract.js")).registerExtract,
  ingest: async () => (await import("./commands/ingest.js")).registerIngest,
  query: async () => (await import("./commands/query.js")).registerQuery,
  export: async () => (await import("./commands/export.js")).registerExport,
  serve: async () => (await import("./commands/serve.js")).registerServe,
  gazetteer: async () => (await import("./commands/gazetteer.js")).registerGazetteer,
  worker: async () => (await import("./commands/worker.js")).registerWorker,
  queue: async () => (await import("./commands/queue.js")).registerQueue,
  token: async () => (await import("./commands/token.js")).registerToken,
};

async function main(): Promise<void> {
  const program = new Command();
  program
    .name("rasad")
    .description("rasad (رصد): Arabic war-economy reporting into sourced, structured knowledge")
    .version("0.1.0");
  const wanted = process.argv[2];
  const names = wanted && COMMANDS[wanted] ? [wanted] : Object.keys(COMMANDS);
  for (const name of names) (await COMMANDS[name]())(program);
  await program.parseAsync(process.argv);
}

main().catch((err) => {
  console.error(`rasad: ${describeError(err)}`);
  process.exit(1);
});
