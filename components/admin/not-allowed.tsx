import Link from "next/link";

/** Shown to staff whose role does not include a page (a reviewer on an admin-only page). */
export function NotAllowed() {
  return (
    <div className="flex max-w-xl flex-col gap-4" data-testid="not-allowed">
      <h1 className="text-3xl font-bold">Not allowed</h1>
      <p className="text-gray-800">
        Your role does not include this page. Ask an admin if you need access; nothing was changed.
      </p>
      <p>
        <Link href="/admin" className="font-medium text-blue-800 underline">
          Back to the review queue
        </Link>
      </p>
    </div>
  );
}
