import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/authorize";
import { beginPasskeySignIn, finishPasskeySignIn, PASSKEY_REFUSED } from "@/lib/auth/passkeys/authenticate";
import { CHALLENGE_TTL_MS } from "@/lib/auth/passkeys/challenges";
import { listPasskeys, removePasskey, renamePasskey } from "@/lib/auth/passkeys/manage";
import { beginPasskeyRegistration, finishPasskeyRegistration } from "@/lib/auth/passkeys/register";
import { registerAccount } from "@/lib/auth/register";
import { activeSession, createSession } from "@/lib/auth/sessions";
import { completeSignIn } from "@/lib/auth/sign-in";
import { SoftAuthenticator } from "../support/soft-authenticator";
import { databaseSuite } from "../support/database-suite";
import { providers } from "../support/databases";
import { browser, ctx, GOOD_PASSWORD, rejects, testDeps, uniqueEmail, type TestDeps } from "./auth-helpers";
import { actorFor } from "./auth-two-factor-setup";

// Passkeys end to end below the browser: real @simplewebauthn verification against a software
// authenticator with a real P-256 key (tests/support/soft-authenticator.ts), on a real database.

const ORIGIN = "https://shop.test"; // testDeps' appUrl: the relying party

describe.each(providers())("passkeys on %s", (provider) => {
  const t = databaseSuite(provider, ({ db }) => ({ deps: testDeps(db) }));

  async function account(deps: TestDeps = t.deps): Promise<Actor> {
    const email = uniqueEmail("pk");
    const { userId } = await registerAccount(deps, ctx(), {
      name: "Pat Key",
      email,
      password: GOOD_PASSWORD,
    });
    const session = await createSession(deps.db, ctx(), { userId: userId!, now: deps.now(), authMethod: "PASSWORD" });
    return actorFor(userId!, email, session.id);
  }

  async function withPasskey(deps: TestDeps = t.deps) {
    const actor = await account(deps);
    const authenticator = new SoftAuthenticator({ origin: ORIGIN });
    const options = await beginPasskeyRegistration(deps, ctx(), actor, {
      password: GOOD_PASSWORD,
    });
    await finishPasskeyRegistration(deps, ctx(), actor, {
      name: "Laptop",
      response: authenticator.create(options),
    });
    return { actor, authenticator };
  }

  async function signInWith(authenticator: SoftAuthenticator, deps: TestDeps = t.deps, token = browser()) {
    const options = await beginPasskeySignIn(deps, ctx(), token);
    const response = authenticator.get(options);
    return {
      token,
      response,
      result: await finishPasskeySignIn(deps, ctx(), token, { response }),
    };
  }

  it("adding a passkey needs the password; the key is stored, the owner emailed, the event recorded", async () => {
    const actor = await account();
    await rejects(
      beginPasskeyRegistration(t.deps, ctx(), actor, {
        password: "not the password",
      }),
      "VALIDATION",
      /password is not correct/,
    );
    expect(await t.db.webAuthnChallenge.count({ where: { userId: actor.id } })).toBe(0);
    const options = await beginPasskeyRegistration(t.deps, ctx(), actor, {
      password: GOOD_PASSWORD,
    });
    expect(options.rp.id).toBe("shop.test");
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    const authenticator = new SoftAuthenticator({ origin: ORIGIN });
    const created = await finishPasskeyRegistration(t.deps, ctx(), actor, {
      name: "  Work laptop ",
      response: authenticator.create(options),
    });
    expect(created.name).toBe("Work laptop");
    expect((await listPasskeys(t.deps, actor)).map((p) => p.name)).toEqual(["Work laptop"]);
    expect(t.deps.mail.some((m) => m.to === actor.email && /passkey was added/.test(m.subject))).toBe(true);
    expect(
      await t.db.authEvent.count({
        where: { userId: actor.id, type: "PASSKEY_ADDED" },
      }),
    ).toBe(1);
  });

  it("a registration challenge works once, only for the session that asked, and only for 5 minutes", async () => {
    const actor = await account();
    const authenticator = new SoftAuthenticator({ origin: ORIGIN });
    const options = await beginPasskeyRegistration(t.deps, ctx(), actor, {
      password: GOOD_PASSWORD,
    });
    const response = authenticator.create(options);
    const otherSession = await createSession(t.db, ctx(), { userId: actor.id, now: t.deps.now() });
    await rejects(
      finishPasskeyRegistration(
        t.deps,
        ctx(),
        { ...actor, sessionId: otherSession.id },
        { name: "Other tab", response },
      ),
      "CONFLICT",
      /expired/,
    );
    await finishPasskeyRegistration(t.deps, ctx(), actor, {
      name: "Laptop",
      response,
    });
    await rejects(
      finishPasskeyRegistration(t.deps, ctx(), actor, {
        name: "Again",
        response,
      }),
      "CONFLICT",
      /expired/,
    );

    const late = new SoftAuthenticator({ origin: ORIGIN });
    const lateOptions = await beginPasskeyRegistration(t.deps, ctx(), actor, {
      password: GOOD_PASSWORD,
    });
    const deps = {
      ...t.deps,
      now: () => new Date(t.deps.now().getTime() + CHALLENGE_TTL_MS + 1000),
    };
    await rejects(
      finishPasskeyRegistration(deps, ctx(), actor, {
        name: "Late",
        response: late.create(lateOptions),
      }),
      "CONFLICT",
      /expired/,
    );
    expect(await t.db.passkey.count({ where: { userId: actor.id } })).toBe(1);
  });

  it("a passkey made for another site, or without user verification, is not stored", async () => {
    const actor = await account();
    for (const [authenticator, overrides] of [
      [new SoftAuthenticator({ origin: "https://shop.test.evil.example" }), {}],
      [new SoftAuthenticator({ origin: ORIGIN }), { rpId: "evil.example" }],
      [
        Object.assign(new SoftAuthenticator({ origin: ORIGIN }), {
          userVerified: false,
        }),
        {},
      ],
    ] as const) {
      const options = await beginPasskeyRegistration(t.deps, ctx(), actor, {
        password: GOOD_PASSWORD,
      });
      await rejects(
        finishPasskeyRegistration(t.deps, ctx(), actor, {
          name: "Bad",
          response: authenticator.create(options, overrides),
        }),
        "VALIDATION",
        /could not be verified/,
      );
    }
    expect(await t.db.passkey.count({ where: { userId: actor.id } })).toBe(0);
    await rejects(
      finishPasskeyRegistration(t.deps, ctx(), actor, {
        name: "Junk",
        response: { id: "x", type: "public-key" },
      }),
      "VALIDATION",
    );
  });

  it("signing in with a passkey skips the TOTP step and records the method on the session", async () => {
    const { actor, authenticator } = await withPasskey();
    const { token, result } = await signInWith(authenticator);
    const signedIn = await completeSignIn(t.deps, ctx(), {
      ticket: result.ticket,
      browserToken: token,
      deviceToken: undefined,
    });
    expect(signedIn?.userId).toBe(actor.id);
    const live = await activeSession(t.db, signedIn!.sessionId, t.deps.now());
    expect(live?.authMethod).toBe("PASSKEY");
    expect((await t.db.passkey.findFirstOrThrow({ where: { userId: actor.id } })).lastUsedAt).not.toBeNull();
  });

  it("a replayed assertion, another browser's challenge and an expired challenge are refused", async () => {
    const { authenticator } = await withPasskey();
    const { token, response } = await signInWith(authenticator);
    await rejects(finishPasskeySignIn(t.deps, ctx(), token, { response }), "UNAUTHENTICATED", /could not be used/);

    const options = await beginPasskeySignIn(t.deps, ctx(), token);
    await rejects(
      finishPasskeySignIn(t.deps, ctx(), browser(), {
        response: authenticator.get(options),
      }),
      "UNAUTHENTICATED",
      /could not be used/,
    );

    const fresh = await beginPasskeySignIn(t.deps, ctx(), token);
    const later = {
      ...t.deps,
      now: () => new Date(t.deps.now().getTime() + CHALLENGE_TTL_MS + 1000),
    };
    await rejects(
      finishPasskeySignIn(later, ctx(), token, {
        response: authenticator.get(fresh),
      }),
      "UNAUTHENTICATED",
      /could not be used/,
    );
  });

  it("a forged signature, an unknown credential and a phishing origin all get the same refusal", async () => {
    const { actor, authenticator } = await withPasskey();
    const forger = new SoftAuthenticator({
      origin: ORIGIN,
      credentialId: authenticator.credentialId,
    });
    forger.userHandle = authenticator.userHandle;
    const stranger = new SoftAuthenticator({ origin: ORIGIN });
    const attempts: [SoftAuthenticator, { origin?: string }][] = [
      [forger, {}],
      [stranger, {}],
      [authenticator, { origin: "https://shop-test.evil.example" }],
      [
        Object.assign(
          new SoftAuthenticator({
            origin: ORIGIN,
            credentialId: authenticator.credentialId,
          }),
          { userVerified: false },
        ),
        {},
      ],
    ];
    const messages = [];
    for (const [who, overrides] of attempts) {
      const token = browser();
      const options = await beginPasskeySignIn(t.deps, ctx(), token);
      messages.push(
        (
          await rejects(
            finishPasskeySignIn(t.deps, ctx(), token, {
              response: who.get(options, overrides),
            }),
            "UNAUTHENTICATED",
          )
        ).message,
      );
    }
    expect(new Set(messages)).toEqual(new Set([PASSKEY_REFUSED]));
    expect(await t.db.loginTicket.count({ where: { userId: actor.id } })).toBe(0);
    expect(
      await t.db.authEvent.count({
        where: { userId: actor.id, type: "PASSKEY_FAILURE" },
      }),
    ).toBeGreaterThanOrEqual(2);
  });

  it("a signature counter that goes backwards (a cloned authenticator) is refused and recorded; 0/0 is allowed", async () => {
    const { actor, authenticator } = await withPasskey();
    authenticator.counter = 5;
    await signInWith(authenticator);
    authenticator.counter = 3;
    await rejects(signInWith(authenticator), "UNAUTHENTICATED");
    authenticator.counter = 5; // equal to the stored value: not moving forward is refused too
    await rejects(signInWith(authenticator), "UNAUTHENTICATED");
    expect(
      await t.db.authEvent.count({
        where: { userId: actor.id, type: "PASSKEY_COUNTER_REGRESSION" },
      }),
    ).toBe(2);
    expect((await t.db.passkey.findFirstOrThrow({ where: { userId: actor.id } })).counter).toBe(5n);

    const noCounter = await withPasskey();
    noCounter.authenticator.fixedCounter = true;
    await signInWith(noCounter.authenticator);
    await signInWith(noCounter.authenticator);
    expect(
      (
        await t.db.passkey.findFirstOrThrow({
          where: { userId: noCounter.actor.id },
        })
      ).counter,
    ).toBe(0n);
  });

  it("passkey sign-in is limited per client address", async () => {
    const deps = testDeps(t.db);
    const client = ctx();
    let refused = 0;
    for (let i = 0; i < 31; i++) {
      await beginPasskeySignIn(deps, client, browser()).catch((e: { code?: string }) => {
        if (e.code === "RATE_LIMITED") refused++;
      });
    }
    expect(refused).toBe(1);
    await rejects(beginPasskeySignIn(deps, client, browser()), "RATE_LIMITED");
    await beginPasskeySignIn(deps, ctx(), browser());
  });

  it("renaming and removing are scoped to the owner; removing needs the password and emails the owner", async () => {
    const { actor, authenticator } = await withPasskey();
    const other = await account();
    const [passkey] = await listPasskeys(t.deps, actor);
    await rejects(
      renamePasskey(t.deps, other, {
        passkeyId: passkey!.id,
        name: "Mine now",
      }),
      "NOT_FOUND",
    );
    await rejects(
      removePasskey(t.deps, ctx(), other, {
        passkeyId: passkey!.id,
        password: GOOD_PASSWORD,
      }),
      "NOT_FOUND",
    );
    await renamePasskey(t.deps, actor, {
      passkeyId: passkey!.id,
      name: "Phone",
    });
    await rejects(
      removePasskey(t.deps, ctx(), actor, {
        passkeyId: passkey!.id,
        password: "wrong password",
      }),
      "VALIDATION",
    );
    expect((await listPasskeys(t.deps, actor)).map((p) => p.name)).toEqual(["Phone"]);
    await removePasskey(t.deps, ctx(), actor, {
      passkeyId: passkey!.id,
      password: GOOD_PASSWORD,
    });
    expect(await listPasskeys(t.deps, actor)).toEqual([]);
    expect(t.deps.mail.some((m) => m.to === actor.email && /passkey was removed/.test(m.subject))).toBe(true);
    await rejects(signInWith(authenticator), "UNAUTHENTICATED");
  });
});
