import type { Metadata } from "next";
import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";
import { AdminNav, type NavLink } from "@/components/admin/admin-nav";
import { unreadAlertsFor } from "@/lib/admin/alerts";
import { staffMember } from "@/lib/admin/request-guards";
import { can } from "@/lib/auth/authorize";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: { default: "Admin", template: "%s · Admin" }, robots: { index: false } };

// The dashboard's frame (its own: no shop search, cart or footer). The layout checks staff access itself (404 for everyone else), and so
// does every page and action: a layout check alone does not protect a page.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const staff = await staffMember("/admin");
  const unread = await unreadAlertsFor(db(), staff);
  const links: NavLink[] = [
    { href: "/admin", label: "Review queue" },
    { href: "/admin/orders", label: "Orders" },
    { href: "/admin/alerts", label: "Alerts", badge: unread },
    { href: "/admin/blocklist", label: "Block list" },
  ];
  if (can(staff, "disputes.view")) links.push({ href: "/admin/disputes", label: "Disputes" });
  if (can(staff, "money.view")) links.push({ href: "/admin/money", label: "Money" });
  if (can(staff, "catalog.manage")) links.push({ href: "/admin/products", label: "Products" });
  if (can(staff, "rules.manage")) links.push({ href: "/admin/rules", label: "Fraud rules" });
  if (can(staff, "staff.manage")) links.push({ href: "/admin/staff", label: "Staff" });
  if (can(staff, "audit.view")) links.push({ href: "/admin/audit", label: "Audit log" });
  if (can(staff, "security.view")) links.push({ href: "/admin/security", label: "Security center" });
  links.push({ href: "/admin/policy", label: "Security policy" });
  return (
    <AdminFrame
      account={
        <span>
          Signed in as {staff.name} ({staff.role.toLowerCase()})
        </span>
      }
      nav={<AdminNav links={links} />}
    >
      {children}
    </AdminFrame>
  );
}
