import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { PostureChecklist } from "@/components/admin/posture-checklist";
import { adminPage } from "@/lib/admin/request-guards";
import { securityCenter } from "@/lib/admin/security";
import { db } from "@/lib/db";
import { breakerOverview } from "@/lib/shield/breaker";
import { LocalDate } from "@/components/layout/local-date";

export const metadata: Metadata = { title: "Security center" };

// Admins only: a reviewer gets 403, anyone else the admin area's 404 / sign-in.
export default async function SecurityCenterPage() {
  const gate = await adminPage("/admin/security", "security.view");
  if (!gate.allowed) forbidden();
  const [center, breaker] = await Promise.all([securityCenter(db(), gate.staff), breakerOverview(db())]);
  const { green, amber, red } = center.counts;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Security center</h1>
      <p className="text-gray-800" data-testid="posture-summary">
        {green} OK, {amber} need attention, {red} require action. Checked{" "}
        <LocalDate value={center.checkedAt} style="precise" />; reload the page to check again (this also verifies the
        audit log&apos;s hash chain).
      </p>
      <PostureChecklist results={center.results} />
      <section aria-labelledby="breaker-heading" className="flex flex-col gap-2" data-testid="checkout-breaker">
        <h2 id="breaker-heading" className="text-xl font-semibold">
          Checkout shield
        </h2>
        <p className="text-gray-800">
          Decline-ratio breaker: <strong>{breaker.open ? "open" : "closed"}</strong>
          {breaker.changedAt ? (
            <>
              {" "}
              since <LocalDate value={breaker.changedAt} style="precise" />
            </>
          ) : (
            ""
          )}
          .{" "}
          {breaker.open
            ? "Declines are high across the store: checkout applies stricter per-client limits until they fall back."
            : "It opens when more than 30% of the store's last 20 card attempts within 15 minutes were declined."}
        </p>
        {breaker.history.length > 0 ? (
          <table className="text-sm">
            <caption className="sr-only">Latest breaker changes, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="pr-4 text-left">
                  When (UTC)
                </th>
                <th scope="col" className="pr-4 text-left">
                  Change
                </th>
                <th scope="col" className="text-left">
                  Declines in the window
                </th>
              </tr>
            </thead>
            <tbody>
              {breaker.history.map((h) => (
                <tr key={`${h.at.toISOString()}-${h.action}`}>
                  <td className="pr-4">
                    <LocalDate value={h.at} style="precise" />
                  </td>
                  <td className="pr-4">{h.action}</td>
                  <td>
                    {h.declines} of {h.attempts}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="text-gray-800">No breaker changes yet.</p>
        )}
      </section>
    </div>
  );
}
