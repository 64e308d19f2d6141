import type { Metadata } from "next";
import { ActionForm } from "@/components/forms/action-form";
import { adminPage } from "@/lib/admin/request-guards";
import { needsPolicyAck, POLICY_POINTS, POLICY_VERSION } from "@/lib/admin/policy";
import { db } from "@/lib/db";
import { acknowledgePolicyAction } from "../actions";

export const metadata: Metadata = { title: "Security policy" };

// Every staff member reads this before their first use of the dashboard, and again whenever
// POLICY_VERSION changes; every other admin page sends them here until they acknowledge it.
export default async function PolicyPage() {
  const gate = await adminPage("/admin/policy", "orders.view", { skipPolicy: true });
  const pending = await needsPolicyAck(db(), gate.staff);
  return (
    <div className="flex max-w-3xl flex-col gap-6">
      <h1 className="text-3xl font-bold">Staff security policy</h1>
      <p className="text-gray-800">
        Version {POLICY_VERSION}. It protects our customers and you; please read every point.
      </p>
      <ol className="flex list-decimal flex-col gap-4 pl-6" data-testid="policy-points">
        {POLICY_POINTS.map((point) => (
          <li key={point.title}>
            <h2 className="font-semibold">{point.title}</h2>
            <p className="text-gray-800">{point.text}</p>
          </li>
        ))}
      </ol>
      {pending ? (
        <ActionForm
          action={acknowledgePolicyAction}
          submitLabel="Acknowledge and continue"
          label="Acknowledge the policy"
          testId="policy-form"
        >
          <input type="hidden" name="version" value={POLICY_VERSION} />
          <label className="flex items-start gap-2">
            <input type="checkbox" name="confirm" value="yes" required className="mt-1 h-4 w-4" />
            <span>I have read the staff security policy and will follow it.</span>
          </label>
        </ActionForm>
      ) : (
        <p className="rounded border border-green-700 bg-green-50 p-3 text-green-900" data-testid="policy-acknowledged">
          You have acknowledged this version of the policy.
        </p>
      )}
    </div>
  );
}
