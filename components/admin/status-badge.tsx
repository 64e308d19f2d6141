const TONES: Record<string, string> = {
  HELD: "bg-yellow-100 text-yellow-900 border-yellow-700",
  APPROVING: "bg-blue-50 text-blue-900 border-blue-700",
  REJECTING: "bg-blue-50 text-blue-900 border-blue-700",
  PAID: "bg-green-50 text-green-900 border-green-700",
  CANCELLED: "bg-gray-100 text-gray-900 border-gray-600",
  EXPIRED: "bg-gray-100 text-gray-900 border-gray-600",
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${TONES[status] ?? "border-gray-600 bg-white text-gray-900"}`} data-testid="status-badge" data-status={status}>
      {status.replace(/_/g, " ").toLowerCase()}
    </span>
  );
}
