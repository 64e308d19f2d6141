import type { ReactNode } from "react";
import { AdminFrame } from "@/components/admin/admin-frame";

// The invitation page is opened by someone who is not staff yet: the admin frame without the
// dashboard's navigation or staff check.
export default function InviteLayout({ children }: { children: ReactNode }) {
  return <AdminFrame>{children}</AdminFrame>;
}
