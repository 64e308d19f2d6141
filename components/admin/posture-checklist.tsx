import type { PostureResult, PostureStatus } from "@/lib/security/posture/types";

// The security center's checklist: one item per posture check, its state in words as well as
// colour (never colour alone), what was found, and what to do about it.

const TONE: Record<PostureStatus, { label: string; className: string }> = {
  green: { label: "OK", className: "border-green-700 bg-green-50 text-green-900" },
  amber: { label: "Needs attention", className: "border-yellow-700 bg-yellow-100 text-yellow-900" },
  red: { label: "Action required", className: "border-red-700 bg-red-50 text-red-900" },
};

function PostureStatusBadge({ status }: { status: PostureStatus }) {
  const tone = TONE[status];
  return (
    <span
      className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${tone.className}`}
      data-testid="posture-status"
    >
      {tone.label}
    </span>
  );
}

export function PostureChecklist({ results }: { results: readonly PostureResult[] }) {
  return (
    <ul className="flex flex-col gap-3" data-testid="posture-checklist">
      {results.map((r) => (
        <li
          key={r.id}
          className="rounded border border-gray-300 p-4"
          data-testid={`posture-${r.id}`}
          data-status={r.status}
        >
          <h2 className="flex flex-wrap items-center gap-3 text-lg font-semibold">
            {r.title}
            <PostureStatusBadge status={r.status} />
          </h2>
          <p className="mt-2 text-gray-900" data-testid="posture-detail">
            {r.detail}
          </p>
          <p className="mt-1 text-sm text-gray-800" data-testid="posture-fix">
            <span className="font-semibold">How to fix: </span>
            {r.fix}
          </p>
        </li>
      ))}
    </ul>
  );
}
