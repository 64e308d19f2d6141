import type { Metadata } from "next";
import { staffForPage } from "@/lib/auth/guards";

export const metadata: Metadata = { title: "Admin", robots: { index: false } };

// The admin area's entry point (the dashboard comes later). Every admin page and action starts
// with requireStaff (lib/auth/authorize.ts): staff role AND two-factor authentication on.
export default async function AdminPage() {
  const staff = await staffForPage("/admin");
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-3xl font-bold" data-testid="admin-heading">
        Admin
      </h1>
      <p>
        Signed in as {staff.name} ({staff.role.toLowerCase()}). The order review dashboard will live here.
      </p>
    </div>
  );
}
