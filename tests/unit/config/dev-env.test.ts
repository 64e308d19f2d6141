import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ensureDevEnv } from "@/scripts/dev-env";

let dir: string;
let file: string;
const read = () => parseEnv(readFileSync(file, "utf8"));

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "dev-env-"));
  file = join(dir, ".env.local");
  vi.spyOn(console, "log").mockImplementation(() => undefined);
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

describe("the .env.local that npm start writes", () => {
  it("trusts no proxy (the socket is the client) and gives the demo accounts this install's own password", () => {
    ensureDevEnv(file);
    const env = read();
    expect(env.TRUSTED_PROXY_HOPS).toBe("0");
    expect(env.DEMO_PASSWORD).toMatch(/^demo-[A-Za-z0-9_-]{16}$/);
    expect(env.DEMO_PASSWORD).not.toBe("orchid-lantern-42");
    const other = join(dir, "other.env");
    ensureDevEnv(other);
    expect(parseEnv(readFileSync(other, "utf8")).DEMO_PASSWORD).not.toBe(env.DEMO_PASSWORD);
  });

  it("keeps an existing file and appends the settings added since it was written", () => {
    writeFileSync(file, "AUTH_SECRET=kept-as-it-was-kept-as-it-was-kept-as\nDATA_ENCRYPTION_KEYS=1:abc\n");
    ensureDevEnv(file);
    const env = read();
    expect(env.AUTH_SECRET).toBe("kept-as-it-was-kept-as-it-was-kept-as");
    expect(env.DATA_ENCRYPTION_KEYS).toBe("1:abc");
    expect(env.DEMO_PASSWORD).toBeTruthy();
    expect(env.TRUSTED_PROXY_HOPS).toBe("0");
    const before = readFileSync(file, "utf8");
    ensureDevEnv(file);
    expect(readFileSync(file, "utf8")).toBe(before);
  });

  it("corrects the one-hop setting earlier versions generated, but not one the developer chose", () => {
    const legacy = [
      "AUTH_SECRET=x",
      "# The server (Next.js) records the caller's address in X-Forwarded-For; believing one hop gives the",
      "# local demo real per-client rate limits and countries. Behind a real proxy, set your own hops.",
      "TRUSTED_PROXY_HOPS=1",
      "",
    ].join("\n");
    writeFileSync(file, legacy);
    ensureDevEnv(file);
    expect(read().TRUSTED_PROXY_HOPS).toBe("0");
    writeFileSync(file, "AUTH_SECRET=x\nTRUSTED_PROXY_HOPS=2\n");
    ensureDevEnv(file);
    expect(read().TRUSTED_PROXY_HOPS).toBe("2");
  });
});
