import { NotAllowed } from "@/components/admin/not-allowed";

// Rendered with HTTP 403 wherever a page calls forbidden() outside a frame of its own (the admin
// dashboard has app/admin/(dashboard)/forbidden.tsx, inside its navigation).
export default function Forbidden() {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-8">
      <NotAllowed />
    </main>
  );
}
