// What the checkout's bot-check widget does, in Node: solves an ALTCHA challenge the store issued
// and encodes the answer as the widget submits it (the form field "altcha"). No server-only
// import: the tests, the benchmark's shopper and the attack suite's bot run it outside the server.
import { solveChallenge as solveAltcha, type Challenge } from "altcha-lib";
import { deriveKey } from "altcha-lib/algorithms/sha";

/** The base64 payload that solves `challenge`, or null when no counter solves it in time. */
export async function solveChallenge(challenge: Challenge): Promise<string | null> {
  const solution = await solveAltcha({ challenge, deriveKey, timeout: 120_000 });
  if (!solution) return null;
  return Buffer.from(
    JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution }),
  ).toString("base64");
}
