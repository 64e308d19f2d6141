import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// One year: the minimum the HSTS preload list accepts, and what lib/security/headers.ts sends.
const MIN_HSTS_SECONDS = 365 * 24 * 60 * 60;

function hstsMaxAge(header: string): number | null {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(header);
  return match?.[1] ? Number(match[1]) : null;
}

export function checkHttps({ env, https }: PostureInput): PostureResult {
  const findings: Finding[] = [];
  const appUrlHttps = env.APP_URL.startsWith("https://");

  if (env.NODE_ENV !== "production") {
    findings.push({
      status: "amber",
      detail: `The store runs with NODE_ENV=${env.NODE_ENV}: HSTS is only sent in production${appUrlHttps ? "" : " and APP_URL is http"}.`,
      fix: "Run the deployed store with NODE_ENV=production and an https:// APP_URL.",
    });
  } else if (!appUrlHttps) {
    findings.push({
      status: "red",
      detail: `APP_URL is ${new URL(env.APP_URL).origin}: sessions and checkout travel unencrypted.`,
      fix: "Serve the store over HTTPS and set APP_URL to its https:// address.",
    });
  } else {
    findings.push({ status: "green", detail: "APP_URL uses HTTPS." });
    const maxAge = https.hstsHeader ? hstsMaxAge(https.hstsHeader) : null;
    if (maxAge === null || maxAge === 0) {
      findings.push({
        status: "red",
        detail: "No Strict-Transport-Security header is sent, so a first visit can be downgraded to http.",
        fix: "Make sure nothing in front of the store strips Strict-Transport-Security (lib/security/headers.ts sends it in production).",
      });
    } else if (maxAge < MIN_HSTS_SECONDS) {
      findings.push({
        status: "amber",
        detail: `HSTS is sent with max-age=${maxAge}, shorter than one year.`,
        fix: "Send Strict-Transport-Security with max-age of at least 31536000 (one year).",
      });
    } else {
      findings.push({ status: "green", detail: `HSTS is sent (max-age=${maxAge}).` });
    }
    if (https.requestProtocol === "http") {
      findings.push({
        status: "amber",
        detail: "This request reached the store over plain http.",
        fix: "Redirect http to https at the proxy, and set TRUSTED_PROXY_HOPS so the store sees the forwarded protocol.",
      });
    }
  }
  return combine("https", "HTTPS and HSTS", findings);
}
