// `rasad token create|list|revoke`: API tokens with a role (viewer, analyst, admin), kept hashed in the store.
import { InvalidArgumentError, type Command } from "commander";
import { defaultDbLocation } from "../../store/index.js";
import { createToken, listTokens, revokeToken } from "../../server/tokens.js";

export function registerToken(program: Command): void {
  const token = program.command("token").description("API tokens for the workbench and HTTP API: create, list, revoke");
  token.command("create")
    .description("make a token; it is printed once and only its hash is kept")
    .requiredOption("--role <role>", "viewer | analyst | admin")
    .option("--name <name>", "who it is for (written into reviews)", "analyst")
    .option("--db <file>", "the store (default: $RASAD_DB, else ./rasad.db)")
    .action((o: { role: string; name: string; db?: string }) => {
      const { token: t, record } = createToken(o.db ?? defaultDbLocation(), o.role, o.name);
      process.stderr.write(`token #${record.id} for ${record.name} (${record.role}); keep it, it is not shown again:\n`);
      process.stdout.write(t + "\n");
    });
  token.command("list")
    .description("list tokens (never the tokens themselves)")
    .option("--db <file>", "the store")
    .action((o: { db?: string }) => {
      for (const r of listTokens(o.db ?? defaultDbLocation())) {
        process.stdout.write(`#${r.id}  ${r.role.padEnd(8)} ${r.name}  created ${r.createdAt}${r.revokedAt ? `  REVOKED ${r.revokedAt}` : ""}\n`);
      }
    });
  token.command("revoke")
    .description("revoke a token by its number")
    .argument("<id>", "the token's number (see token list)", (s) => { if (!/^\d+$/.test(s)) throw new InvalidArgumentError("a number"); return Number(s); })
    .option("--db <file>", "the store")
    .action((id: number, o: { db?: string }) => {
      const ok = revokeToken(o.db ?? defaultDbLocation(), id);
      process.stdout.write(ok ? `token #${id} revoked\n` : `no active token #${id}\n`);
      if (!ok) process.exitCode = 1;
    });
}
