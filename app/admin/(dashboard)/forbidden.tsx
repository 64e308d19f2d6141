import { NotAllowed } from "@/components/admin/not-allowed";

// A staff member without a page's permission (HTTP 403), inside the dashboard's frame.
export default function DashboardForbidden() {
  return <NotAllowed />;
}
