// rasad CLI: one commander program; each command lives in its own file under commands/.
import { Command } from "commander";
import { describeError } from "../contract/index.js";
import { registerExtract } from "./commands/extract.js";
import { registerIngest } from "./commands/ingest.js";
import { registerQuery } from "./commands/query.js";
import { registerExport } from "./commands/export.js";
import { registerServe } from "./commands/serve.js";
import { registerGazetteer } from "./commands/gazetteer.js";
import { registerWorker } from "./commands/worker.js";
import { registerQueue } from "./commands/queue.js";

const program = new Command();
program
  .name("rasad")
  .description("rasad (رصد): Arabic war-economy reporting into sourced, structured knowledge")
  .version("0.1.0");

registerExtract(program);
registerIngest(program);
registerQuery(program);
registerExport(program);
registerServe(program);
registerGazetteer(program);
registerWorker(program);
registerQueue(program);

program.parseAsync(process.argv).catch((err) => {
  console.error(`rasad: ${describeError(err)}`);
  process.exit(1);
});
