import { forbidden } from "next/navigation";
import type { Metadata } from "next";
import { AdminForm } from "@/components/admin/admin-form";
import { adminPage } from "@/lib/admin/guards";
import { rulesForAdmin, settingLabel } from "@/lib/admin/rules";
import { db } from "@/lib/db";
import { saveRuleAction } from "../actions";

export const metadata: Metadata = { title: "Fraud rules" };

// Admins only. Each rule: on/off, ALERT or HOLD, and its thresholds, validated by the rule's own
// schema (lib/fraud/config.ts) when saved; a saved change is audited.
export default async function RulesPage() {
  const gate = await adminPage("/admin/rules", "rules.manage");
  if (!gate.allowed) forbidden();
  const rules = await rulesForAdmin(db(), gate.staff);
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-3xl font-bold">Fraud rules</h1>
      <p className="max-w-3xl text-gray-800">
        Rules run when a payment is authorized. A triggered HOLD rule keeps the payment uncaptured until staff decide; an ALERT rule only raises an alert.
      </p>
      <ul className="grid gap-4 md:grid-cols-2" data-testid="rules">
        {rules.map((rule) => (
          <li key={rule.id} className="rounded border border-gray-300 p-4" data-testid="rule" data-rule={rule.id}>
            <h2 className="text-lg font-semibold">{rule.title}</h2>
            <p className="mb-3 font-mono text-sm text-gray-800">{rule.id}</p>
            <AdminForm action={saveRuleAction} submitLabel="Save" label={`Settings of ${rule.title}`} testId={`rule-form-${rule.id}`}>
              <input type="hidden" name="id" value={rule.id} />
              <input type="hidden" name="enabled" value="off" />
              <label className="flex items-center gap-2">
                <input type="checkbox" name="enabled" value="on" defaultChecked={rule.enabled} className="h-4 w-4" />
                Enabled
              </label>
              <div className="flex flex-col gap-1">
                <label htmlFor={`${rule.id}-action`} className="text-sm font-medium">When it fires</label>
                <select id={`${rule.id}-action`} name="action" defaultValue={rule.action} className="max-w-60 rounded border border-gray-500 px-2 py-1.5">
                  <option value="HOLD">HOLD the payment for review</option>
                  <option value="ALERT">ALERT only</option>
                </select>
              </div>
              {Object.entries(rule.thresholds).map(([key, value]) =>
                typeof value === "boolean" ? (
                  <label key={key} className="flex items-center gap-2">
                    <input type="hidden" name={`t.${key}`} value="off" />
                    <input type="checkbox" name={`t.${key}`} value="on" defaultChecked={value} className="h-4 w-4" />
                    {settingLabel(key)}
                  </label>
                ) : (
                  <div key={key} className="flex flex-col gap-1">
                    <label htmlFor={`${rule.id}-${key}`} className="text-sm font-medium">{settingLabel(key)}</label>
                    <input id={`${rule.id}-${key}`} name={`t.${key}`} inputMode="numeric" defaultValue={String(value)} className="max-w-32 rounded border border-gray-500 px-3 py-1.5" />
                  </div>
                ),
              )}
            </AdminForm>
          </li>
        ))}
      </ul>
    </div>
  );
}
