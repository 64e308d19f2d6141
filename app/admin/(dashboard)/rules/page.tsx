import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { HoldScoreForm, PresetForm } from "@/components/admin/hold-policy";
import { RuleForm } from "@/components/admin/rule-form";
import { adminPage } from "@/lib/admin/request-guards";
import { holdPolicyForAdmin, rulesForAdmin } from "@/lib/admin/rules";
import { db } from "@/lib/db";
import { holdScoreFormAction, presetFormAction, ruleFormAction } from "./actions";

export const metadata: Metadata = { title: "Fraud rules" };

// Admins only. Each rule from the registry: on/off, ALERT or HOLD, and the settings it declares
// (lib/fraud/rule-settings.ts), validated against the same declaration when saved; audited.
// Every form can first preview what its settings would have done over the last 90 days.
export default async function RulesPage() {
  const gate = await adminPage("/admin/rules", "rules.manage");
  if (!gate.allowed) forbidden();
  const [rules, policy] = await Promise.all([rulesForAdmin(db(), gate.staff), holdPolicyForAdmin(db(), gate.staff)]);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Fraud rules</h1>
      <p className="max-w-3xl text-gray-800">
        Rules run when a payment is authorized, over every attempt the provider reported (declined cards too). A
        triggered HOLD rule keeps the payment uncaptured until staff decide; an ALERT rule only raises an alert, unless
        the combined score reaches the hold score.
      </p>
      <section
        aria-label="How strictly to act"
        className="grid gap-4 rounded border border-gray-300 p-4 md:grid-cols-2"
      >
        <PresetForm policy={policy} action={presetFormAction} />
        <HoldScoreForm holdScore={policy.holdScore} action={holdScoreFormAction} />
      </section>
      <ul className="grid gap-4 md:grid-cols-2" data-testid="rules">
        {rules.map((rule) => (
          <li key={rule.id} className="rounded border border-gray-300 p-4" data-testid="rule" data-rule={rule.id}>
            <h2 className="text-lg font-semibold">{rule.title}</h2>
            <p className="mb-3 font-mono text-sm text-gray-800">{rule.id}</p>
            <RuleForm rule={rule} action={ruleFormAction} />
          </li>
        ))}
      </ul>
    </div>
  );
}
