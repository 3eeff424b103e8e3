// API tokens: made with a role, kept only as a hash, revocable at once.
import { describe, it, expect } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createToken, listTokens, revokeToken, storeTokenVerifier } from "../../src/server/tokens.js";

describe("api tokens", () => {
  it("verifies a token by its hash, never stores it, and stops it when revoked", async () => {
    const db = join(mkdtempSync(join(tmpdir(), "rasad-tokens-")), "t.db");
    const { token, record } = createToken(db, "analyst", "Lina");
    expect(readFileSync(db).includes(Buffer.from(token))).toBe(false);
    const verify = storeTokenVerifier(db)!;
    expect(await verify(token)).toEqual({ name: "Lina", role: "analyst" });
    expect(await verify(token + "x")).toBeNull();
    expect(revokeToken(db, record.id)).toBe(true);
    expect(await verify(token)).toBeNull();
    expect(listTokens(db)[0].revokedAt).not.toBeNull();
  });

  it("refuses an unknown role with a clear error", () => {
    const db = join(mkdtempSync(join(tmpdir(), "rasad-tokens-")), "t.db");
    expect(() => createToken(db, "root", "x")).toThrow(/role must be one of viewer, analyst, admin/);
  });
});
