import { combine, daysBetween, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// Node.js release lines and the day each one stops receiving security fixes (the Node.js release
// schedule). Odd lines are never LTS: they get fixes for about six months only. A line missing
// here is newer than this table and treated as supported.
const NODE_END_OF_LIFE: Readonly<Record<number, string>> = {
  18: "2025-04-30",
  19: "2023-06-01",
  20: "2026-04-30",
  21: "2024-06-01",
  22: "2027-04-30",
  23: "2025-06-01",
  24: "2028-04-30",
  25: "2026-06-01",
  26: "2029-04-30",
};

const FIX_NODE = "Run the store on a maintained Node.js LTS line (22 or 24; see .nvmrc and package.json engines).";
const FIX_ADDRESS =
  "Serve the store with `npm run serve` (server.ts), which takes each client's address from its connection, and set TRUSTED_PROXY_HOPS to the number of proxies in front.";

function nodeFinding(version: string, now: Date): Finding {
  const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
  if (!Number.isInteger(major) || major < 18)
    return { status: "red", detail: `Node.js ${version} is not a supported release.`, fix: FIX_NODE };
  const end = NODE_END_OF_LIFE[major];
  if (!end) return { status: "green", detail: `Node.js ${version}.` };
  const left = daysBetween(now, new Date(`${end}T00:00:00Z`));
  if (left < 0)
    return {
      status: "red",
      detail: `Node.js ${version} reached end of life on ${end}: it gets no security fixes.`,
      fix: FIX_NODE,
    };
  if (major % 2 === 1)
    return {
      status: "amber",
      detail: `Node.js ${version} is not an LTS line; its support ends on ${end}.`,
      fix: FIX_NODE,
    };
  if (left < 90)
    return {
      status: "amber",
      detail: `Node.js ${version} reaches end of life on ${end}, in ${left} days.`,
      fix: FIX_NODE,
    };
  return { status: "green", detail: `Node.js ${version} (supported until ${end}).` };
}

function addressFinding({ fromSocket, trustedProxyHops }: PostureInput["runtime"]): Finding {
  if (!fromSocket) {
    return {
      status: "red",
      detail:
        "This instance does not run behind server.ts, so client addresses are unknown: every client shares one rate-limit bucket and the admin allowlist admits nobody.",
      fix: FIX_ADDRESS,
    };
  }
  return {
    status: "green",
    detail:
      trustedProxyHops === 0
        ? "Client addresses come from each connection (no proxy trusted)."
        : `Client addresses come from each connection and the ${trustedProxyHops} trusted prox${trustedProxyHops === 1 ? "y's entry" : "ies' entries"} in X-Forwarded-For.`,
  };
}

export function checkRuntime({ runtime, now }: PostureInput): PostureResult {
  return combine("runtime", "Runtime and client addresses", [nodeFinding(runtime.node, now), addressFinding(runtime)]);
}
