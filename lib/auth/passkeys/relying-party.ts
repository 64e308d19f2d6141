import "server-only";

// The WebAuthn relying party is the store's public URL (APP_URL): its host name is the rpID a
// passkey is bound to, its origin the only origin an assertion may come from. A passkey made on
// a phishing domain, or an assertion relayed from one, names another rpID/origin and is refused.

export type RelyingParty = { rpID: string; rpName: string; origin: string };

export function relyingParty(appUrl: string): RelyingParty {
  const url = new URL(appUrl);
  return { rpID: url.hostname, rpName: "Secure Store", origin: url.origin };
}
