import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { actionHeaders, actionId, actionRequest } from "@/bench/lib/actions";
import { DIRECT_ADMIN_NETWORKS, directPort, securityPort } from "../../playwright.config";
import { DEMO_PASSWORD } from "../support/demo-password";
import { fromAddress } from "./support/from-address";

// Attacks on the client address. The "direct" instance is set up as `npm start` sets up a demo
// (TRUSTED_PROXY_HOPS from the generated .env.local, no proxy in front); the security instance
// has one trusted proxy in front (the tests play it, with X-Forwarded-For). Before the address
// came from the socket, `npm start` believed one X-Forwarded-For hop: every check below passed
// for the attacker, and with 0 hops one client's failures locked every client out.

const direct = `http://localhost:${directPort}`;
const behindProxy = `http://localhost:${securityPort}`;
const BUILD = process.env.NEXT_DIST_DIR ?? ".next";
const RATE_LIMITED = /Too many attempts/;

let spoofCounter = 0;
const spoofed = () => ({
  "X-Forwarded-For": `203.0.113.${(spoofCounter++ % 250) + 1}`,
  "X-Real-IP": `198.51.100.${(spoofCounter % 250) + 1}`,
  "x-store-client-address": `192.0.2.${(spoofCounter % 250) + 1}`,
});

async function signInFrom(
  address: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<string> {
  const form = actionRequest(
    { step: "password", email, password },
    { ok: false, message: "", fields: {}, step: "password" },
  );
  const answer = await fromAddress(address, `${direct}/signin`, {
    method: "POST",
    headers: {
      ...actionHeaders(actionId(BUILD, "app/(shop)/signin/actions.ts", "signInAction"), direct, form.contentType),
      ...headers,
    },
    body: form.body,
  });
  expect(answer.status).toBe(200);
  return answer.text;
}

async function registerFrom(address: string, headers: Record<string, string>): Promise<string> {
  const form = actionRequest({
    name: "Rota Tor",
    email: `rotate-${randomBytes(4).toString("hex")}@example.org`,
    password: "velvet kettle orbit 2026",
  });
  const answer = await fromAddress(address, `${direct}/register`, {
    method: "POST",
    headers: {
      ...actionHeaders(actionId(BUILD, "app/(shop)/register/actions.ts", "registerAction"), direct, form.contentType),
      ...headers,
    },
    body: form.body,
  });
  expect(answer.status).toBe(200);
  return answer.text;
}

test.describe.configure({ mode: "serial" });

test("a directly exposed demo takes the client address from the socket: rotating X-Forwarded-For does not reset the per-client sign-in limit", async () => {
  const attacker = "127.0.0.2";
  let refusedAt = 0;
  for (let attempt = 1; attempt <= 25 && refusedAt === 0; attempt++) {
    const answer = await signInFrom(
      attacker,
      `nobody-${attempt}-${randomBytes(3).toString("hex")}@example.org`,
      "wrong password 123",
      spoofed(),
    );
    if (RATE_LIMITED.test(answer)) refusedAt = attempt;
  }
  // 20 attempts per client per 15 minutes (lib/rate-limit/policies.ts): the 21st is refused
  // whatever address the attacker claims.
  expect(refusedAt).toBe(21);
  expect(await signInFrom(attacker, "shopper@example.com", DEMO_PASSWORD, spoofed())).toMatch(RATE_LIMITED);
});

test("one client's sign-in lockout does not lock another client out", async () => {
  // 127.0.0.2 is over its limit (previous test); a shopper on another address signs in.
  const answer = await signInFrom("127.0.0.3", "shopper@example.com", DEMO_PASSWORD);
  expect(answer).not.toMatch(RATE_LIMITED);
  expect(answer).toContain("Signing you in");
});

test("rotating X-Forwarded-For does not get a client past the registration limit", async () => {
  const answers: string[] = [];
  for (let i = 0; i < 6; i++) answers.push(await registerFrom("127.0.0.4", spoofed()));
  // 5 registrations per client per hour.
  expect(answers.slice(0, 5).every((a) => !RATE_LIMITED.test(a))).toBe(true);
  expect(answers[5]).toMatch(RATE_LIMITED);
});

test("the admin allowlist cannot be opened with X-Forwarded-For or the internal address header", async () => {
  const attempts: Array<Record<string, string>> = [
    {},
    { "X-Forwarded-For": "10.1.2.3" },
    { "x-store-client-address": "10.1.2.3" },
    { "X-Forwarded-For": "10.1.2.3, 10.1.2.4", "x-store-client-address": "10.1.2.3" },
  ];
  for (const headers of attempts) {
    const answer = await fromAddress("127.0.0.5", `${direct}/admin`, { headers });
    expect(answer.status, `GET /admin with ${JSON.stringify(headers)} (allowlist ${DIRECT_ADMIN_NETWORKS})`).toBe(404);
  }
});

test("the development outbox answers a client on this machine, and nobody behind the proxy", async () => {
  // The direct demo keeps its emails in the outbox; a client on this machine reads it.
  const local = await fromAddress("127.0.0.6", `${direct}/dev/outbox`);
  expect(local.status).toBe(200);
  expect(local.text).toMatch(/>Development outbox</);

  // Behind the proxy, a remote client is a 404, whatever it claims in the headers it controls.
  const remoteClaims: Array<Record<string, string>> = [
    { "X-Forwarded-For": "203.0.113.7" },
    { "X-Forwarded-For": "127.0.0.1, 203.0.113.7" },
    { "X-Forwarded-For": "203.0.113.7", "x-store-client-address": "127.0.0.1" },
  ];
  for (const headers of remoteClaims) {
    const remote = await fromAddress("127.0.0.1", `${behindProxy}/dev/outbox`, { headers });
    expect(remote.status, `GET /dev/outbox with ${JSON.stringify(headers)}`).toBe(404);
    expect(remote.text).not.toMatch(/>Development outbox<|outbox-message/);
  }
  // The proxy's own entry for a client on this machine is believed.
  const proxiedLocal = await fromAddress("127.0.0.1", `${behindProxy}/dev/outbox`, {
    headers: { "X-Forwarded-For": "127.0.0.1" },
  });
  expect(proxiedLocal.status).toBe(200);
});
