// Whether a state-changing request to a route handler comes from the store's own pages. Server
// actions get this check from Next (and from server.ts's request guard); a route handler a page's
// script posts to must make it itself. Browsers send Origin on every POST, same-origin fetches
// included, and Sec-Fetch-Site where they support it; a request without Origin is not a browser
// form or script of the store's, so it is refused too.

/** Why the request is refused as cross-site, or null when it comes from `appOrigin`'s own pages. */
export function crossSiteRefusal(headers: Headers, appOrigin: string): string | null {
  const origin = headers.get("origin");
  if (origin === null) return "no Origin header";
  if (origin !== appOrigin) return "another origin";
  const site = headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin") return `Sec-Fetch-Site ${site}`;
  return null;
}
