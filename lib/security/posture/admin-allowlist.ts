import { CidrParseError, parseCidrList } from "@/lib/net/cidr";
import { combine, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

const FIX = "Set ADMIN_ALLOWED_NETWORKS to the office or VPN networks staff use, e.g. 10.8.0.0/16,2001:db8::/32.";

export function checkAdminAllowlist({ env }: PostureInput): PostureResult {
  const spec = env.ADMIN_ALLOWED_NETWORKS?.trim() ?? "";
  let finding: Finding;
  if (spec === "") {
    finding = {
      status: "amber",
      detail: "ADMIN_ALLOWED_NETWORKS is not set: /admin answers from any address (staff still need 2FA).",
      fix: FIX,
    };
  } else {
    try {
      const networks = parseCidrList(spec);
      // A /0 admits every address of its family: the allowlist would exist only on paper.
      const everything = networks.some((n) => n.prefix === 0);
      finding = everything
        ? {
            status: "red",
            detail: "ADMIN_ALLOWED_NETWORKS contains a /0 network, which admits every address.",
            fix: FIX,
          }
        : {
            status: "green",
            detail: `/admin is limited to ${networks.length} network${networks.length === 1 ? "" : "s"}: ${spec
              .split(/[\s,]+/)
              .filter(Boolean)
              .join(", ")}.`,
          };
    } catch (error) {
      if (!(error instanceof CidrParseError)) throw error;
      finding = { status: "red", detail: `ADMIN_ALLOWED_NETWORKS is invalid: ${error.message}.`, fix: FIX };
    }
  }
  return combine("admin-allowlist", "Admin network allowlist", [finding]);
}
