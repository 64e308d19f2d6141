import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { PostureChecklist } from "@/components/admin/posture-checklist";
import { adminPage } from "@/lib/admin/guards";
import { securityCenter } from "@/lib/admin/security";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Security center" };

// Admins only: a reviewer gets 403, anyone else the admin area's 404 / sign-in.
export default async function SecurityCenterPage() {
  const gate = await adminPage("/admin/security", "security.view");
  if (!gate.allowed) forbidden();
  const center = await securityCenter(db(), gate.staff);
  const { green, amber, red } = center.counts;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Security center</h1>
      <p className="text-gray-800" data-testid="posture-summary">
        {green} OK, {amber} need attention, {red} require action. Checked {center.checkedAt.toISOString().replace("T", " ").slice(0, 19)} UTC; reload the page
        to check again (this also verifies the audit log&apos;s hash chain).
      </p>
      <PostureChecklist results={center.results} />
    </div>
  );
}
