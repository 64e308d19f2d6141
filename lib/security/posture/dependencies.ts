import { combine, daysBetween, type Finding } from "@/lib/security/posture/findings";
import type { PostureInput, PostureResult } from "@/lib/security/posture/types";

// The packages whose advisories matter most to a store: the framework, the database client,
// sessions and payments. Advisories themselves come from `npm audit`, not from a list kept here,
// which would be stale the day after it was written.
export const TRACKED_PACKAGES = ["next", "react", "prisma", "@prisma/client", "next-auth", "stripe"] as const;

const AUDIT_MAX_AGE_DAYS = 30;

export function checkDependencies({ dependencies, lastNpmAudit: audit, now }: PostureInput): PostureResult {
  const versions = TRACKED_PACKAGES.filter((name) => dependencies[name]).map((name) => `${name} ${dependencies[name]}`);
  const findings: Finding[] = [
    {
      status: "green",
      detail: versions.length ? `Versions: ${versions.join(", ")}.` : "No tracked package versions were reported.",
    },
  ];
  const fix = "Run `npm audit`, update what it reports (`npm audit fix` or a version bump), and record the run.";

  if (!audit) {
    findings.push({ status: "amber", detail: "`npm audit` has never been recorded.", fix });
  } else if (audit.high > 0 || audit.critical > 0) {
    findings.push({
      status: "red",
      detail: `The last \`npm audit\` (${audit.ranAt.toISOString()}) found ${audit.critical} critical and ${audit.high} high advisories.`,
      fix: "Update the affected packages now (`npm audit` names them), redeploy, and run the audit again.",
    });
  } else if (daysBetween(audit.ranAt, now) > AUDIT_MAX_AGE_DAYS) {
    findings.push({
      status: "amber",
      detail: `The last \`npm audit\` ran ${daysBetween(audit.ranAt, now)} days ago.`,
      fix,
    });
  } else {
    findings.push({
      status: "green",
      detail: `The last \`npm audit\` (${audit.ranAt.toISOString()}) found no high or critical advisories.`,
    });
  }
  return combine("dependencies", "Dependencies", findings);
}
