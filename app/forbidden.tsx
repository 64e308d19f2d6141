import { NotAllowed } from "@/components/admin/not-allowed";

// Rendered with HTTP 403 wherever a page calls forbidden().
export default function Forbidden() {
  return <NotAllowed />;
}
