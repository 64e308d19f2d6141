import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, errorKind, REDACTED } from "@/lib/logging/create-logger";
import { logger } from "@/lib/logging/logger";
import { currentRequestId, newRequestId, withRequestId } from "@/lib/logging/request-scope";
import { loggedLines } from "../../support/logs";

/** A logger built as the store builds its own, writing into an array. */
function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString("utf8")) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: "info", destination }) };
}

/** pino writes through the stream asynchronously: wait for what was written so far. */
const flushed = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("the request id on log lines", () => {
  it("is on every line written while serving a request, however the work was scheduled, and on none outside", async () => {
    const { lines, log } = capture();
    const first = newRequestId();
    const second = newRequestId();
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(second).not.toBe(first);
    log.info("before");
    await Promise.all([
      withRequestId(first, async () => {
        log.info("first, at once");
        await new Promise((resolve) => setTimeout(resolve, 5));
        log.info("first, after a timer");
      }),
      withRequestId(second, async () => {
        await Promise.resolve();
        log.child({ component: "webhook" }).info("second, from a child logger");
      }),
    ]);
    log.info("after");
    await flushed();
    expect(lines.map(({ msg, requestId, component }) => ({ msg, requestId, component }))).toEqual([
      { msg: "before", requestId: undefined, component: undefined },
      { msg: "first, at once", requestId: first, component: undefined },
      { msg: "second, from a child logger", requestId: second, component: "webhook" },
      { msg: "first, after a timer", requestId: first, component: undefined },
      { msg: "after", requestId: undefined, component: undefined },
    ]);
    expect(currentRequestId()).toBeUndefined();
  });

  it("is on the store's own logger's lines too", () => {
    const id = newRequestId();
    withRequestId(id, () => logger.child({ component: "test" }).warn({ orderId: "order_1" }, "inside"));
    expect(loggedLines()).toEqual([
      expect.objectContaining({ level: 40, component: "test", requestId: id, orderId: "order_1", msg: "inside" }),
    ]);
  });
});

describe("redaction", () => {
  it("censors secrets and personal data wherever they sit, and keeps the ids", async () => {
    const { lines, log } = capture();
    log.info(
      {
        orderId: "order_1",
        password: "hunter2hunter2",
        token: "reset-token",
        email: "grace@example.com",
        req: {
          headers: { authorization: "Bearer sk_test_x", cookie: "session=abc", "stripe-signature": "t=1,v1=f00" },
        },
        user: { id: "user_1", email: "grace@example.com", phone: "+15555550100" },
        address: { line1: "2 Compiler Rd", postalCode: "22201" },
        billing: { line1: "2 Compiler Rd", postalCode: "22201", ip: "203.0.113.7" },
        card: { number: "4242424242424242", cvc: "123" },
        payment: { cardholderName: "Grace Hopper", card: { last4: "4242" } },
      },
      "checkout",
    );
    await flushed();
    const [line] = lines;
    expect(line).toMatchObject({
      orderId: "order_1",
      password: REDACTED,
      token: REDACTED,
      email: REDACTED,
      req: { headers: { authorization: REDACTED, cookie: REDACTED, "stripe-signature": REDACTED } },
      user: { id: "user_1", email: REDACTED, phone: REDACTED },
      address: REDACTED,
      billing: { line1: REDACTED, postalCode: REDACTED, ip: REDACTED },
      card: REDACTED,
      payment: { cardholderName: REDACTED, card: REDACTED },
    });
    const text = JSON.stringify(line);
    for (const secret of [
      "hunter2",
      "reset-token",
      "grace@",
      "sk_test_x",
      "session=abc",
      "Compiler",
      "22201",
      "4242",
      "Grace Hopper",
      "203.0.113.7",
      "+1555",
    ])
      expect(text).not.toContain(secret);
  });

  it("logs an error's type, code, message and stack, never the extra properties it carries", async () => {
    const { lines, log } = capture();
    const error = Object.assign(new Error("Message failed: 550 mailbox unavailable"), {
      code: "EENVELOPE",
      rejected: ["grace@example.com"],
      response: "550 <grace@example.com>",
    });
    log.error({ err: error }, "could not send");
    await flushed();
    expect(lines[0]!.err).toEqual({
      type: "Error",
      code: "EENVELOPE",
      message: "Message failed: 550 mailbox unavailable",
      stack: expect.stringContaining("Error: Message failed") as unknown,
    });
    expect(JSON.stringify(lines[0])).not.toContain("grace@");
    // For errors whose message may itself quote personal data: type and code only.
    expect(errorKind(error)).toEqual({ type: "Error", code: "EENVELOPE" });
  });
});
