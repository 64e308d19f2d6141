import { expect, test, type Page, type Request } from "@playwright/test";
import { PASSWORD, register, signIn, signOut, uniqueEmail, useOwnIp } from "../e2e/support/auth";
import { addPasskey, addVirtualAuthenticator, signInWithPasskey } from "../e2e/support/passkeys";
import { query } from "./support/server";

// Passkey attacks through the real endpoint, with Chromium's virtual authenticator: a forged
// assertion (signature altered in flight) and a replayed one (a captured, valid assertion sent
// again) are refused with the generic answer, and neither yields a login ticket or a session.

const REFUSED = /could not be used to sign in/;

const isFinish = (request: Request) =>
  request.method() === "POST" &&
  Boolean(request.headers()["next-action"]) &&
  (request.postData() ?? "").includes("authenticatorData");

async function shopperWithPasskey(page: Page): Promise<{ email: string; userId: string }> {
  await addVirtualAuthenticator(page);
  const email = uniqueEmail("pk-attack");
  await register(page, email);
  await signIn(page, email);
  await addPasskey(page, "Attacked laptop", PASSWORD);
  await signOut(page);
  const [user] = query<{ id: string }>(`SELECT id FROM User WHERE email = ?`, email);
  return { email, userId: user!.id };
}

const ticketsOf = (userId: string) =>
  query<{ n: number }>(`SELECT COUNT(*) AS n FROM LoginTicket WHERE userId = ? AND method = 'PASSKEY'`, userId)[0]!.n;
const sessionsOf = (userId: string) =>
  query<{ n: number }>(`SELECT COUNT(*) AS n FROM UserSession WHERE userId = ?`, userId)[0]!.n;

test("a forged passkey assertion (signature changed in flight) is refused and signs nobody in", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const { userId } = await shopperWithPasskey(page);
  const sessionsBefore = sessionsOf(userId);
  let forged = 0;
  await page.route("**/signin**", async (route) => {
    const request = route.request();
    if (!isFinish(request)) return route.continue();
    // The action's arguments travel as JSON: [{ response: { response: { signature, ... } } }].
    const args = JSON.parse(request.postData()!) as [{ response: { response: { signature: string } } }];
    const signature = Buffer.from(args[0].response.response.signature, "base64url");
    signature[signature.length - 1]! ^= 0x01;
    args[0].response.response.signature = signature.toString("base64url");
    forged++;
    return route.continue({ postData: JSON.stringify(args) });
  });
  await signInWithPasskey(page);
  await expect(page.getByTestId("passkey-signin-status")).toHaveText(REFUSED);
  expect(forged).toBe(1);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin/);
  expect(ticketsOf(userId)).toBe(0);
  expect(sessionsOf(userId)).toBe(sessionsBefore);
  expect(
    query(`SELECT 1 FROM AuthEvent WHERE userId = ? AND type = 'PASSKEY_FAILURE' AND detail = 'signature'`, userId),
  ).toHaveLength(1);
});

test("a captured passkey assertion replayed from the same browser is refused: its challenge is spent", async ({
  page,
  context,
}) => {
  await useOwnIp(context);
  const { userId } = await shopperWithPasskey(page);
  let captured: {
    url: string;
    headers: Record<string, string>;
    body: string;
  } | null = null;
  await page.route("**/signin**", async (route) => {
    const request = route.request();
    if (isFinish(request))
      captured = {
        url: request.url(),
        headers: request.headers(),
        body: request.postData()!,
      };
    return route.continue();
  });
  await signInWithPasskey(page);
  await expect(page).toHaveURL(/\/account$/);
  expect(captured).not.toBeNull();
  const { url, headers, body } = captured!;
  expect(ticketsOf(userId)).toBe(1);

  // Same browser, same sign-in cookie, byte-for-byte the same request.
  const replay = await page.evaluate(
    async ({ url, headers, body }) =>
      (
        await fetch(url, {
          method: "POST",
          headers: {
            "next-action": headers["next-action"]!,
            "content-type": headers["content-type"] ?? "text/plain;charset=UTF-8",
            accept: "text/x-component",
          },
          body,
        })
      ).text(),
    { url, headers, body },
  );
  expect(replay).toMatch(REFUSED);
  expect(ticketsOf(userId)).toBe(1);
  expect(
    query(`SELECT 1 FROM AuthEvent WHERE userId IS NULL AND type = 'PASSKEY_FAILURE' AND detail = 'challenge'`).length,
  ).toBeGreaterThanOrEqual(1);
});
