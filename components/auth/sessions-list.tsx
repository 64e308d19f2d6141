import { LocalDate } from "@/components/layout/local-date";
import type { FormAction } from "@/lib/action-state";
import { ActionForm } from "@/components/forms/action-form";

type Session = {
  id: string;
  device: string;
  ip: string | null;
  country: string | null;
  lastSeenAt: Date;
  createdAt: Date;
  current: boolean;
};

const place = (ip: string | null, country: string | null) =>
  `${ip && ip !== "0.0.0.0" ? ip : "unknown address"}${country ? ` (${country})` : ""}`;

export function SessionsList({
  sessions,
  actions,
}: {
  sessions: Session[];
  actions: { revoke: FormAction; revokeOthers: FormAction };
}) {
  const others = sessions.filter((s) => !s.current).length;
  return (
    <div className="flex flex-col gap-4">
      <ul className="divide-y divide-gray-200 border-y border-gray-200" aria-label="Active sessions">
        {sessions.map((s) => (
          <li key={s.id} className="flex flex-wrap items-start justify-between gap-4 py-3" data-testid="session-row">
            <div>
              <p className="font-medium">
                {s.device}{" "}
                {s.current ? (
                  <span className="ml-2 rounded bg-green-100 px-2 text-sm text-green-900">This browser</span>
                ) : null}
              </p>
              <p className="text-sm text-gray-800">
                {place(s.ip, s.country)} · signed in <LocalDate value={s.createdAt} /> · last seen{" "}
                <LocalDate value={s.lastSeenAt} />
              </p>
            </div>
            {s.current ? null : (
              <ActionForm
                action={actions.revoke}
                submitLabel="Sign out this session"
                tone="plain"
                label={`Sign out ${s.device} session`}
              >
                <input type="hidden" name="sessionId" value={s.id} />
              </ActionForm>
            )}
          </li>
        ))}
      </ul>
      {others > 0 ? (
        <ActionForm
          action={actions.revokeOthers}
          submitLabel="Sign out everywhere else"
          tone="danger"
          label="Sign out everywhere else"
        />
      ) : null}
    </div>
  );
}

const EVENT_LABELS: Record<string, string> = {
  SIGN_IN_SUCCESS: "Signed in",
  SIGN_IN_FAILURE: "Failed sign-in",
  SECOND_FACTOR_FAILURE: "Wrong two-factor code",
  LOCKOUT: "Too many attempts: locked",
  NEW_DEVICE: "New device or country",
  PASSKEY_FAILURE: "Passkey refused",
  PASSKEY_COUNTER_REGRESSION: "Passkey refused: possible copy of your passkey",
};

type Activity = {
  id: string;
  type: string;
  device: string;
  ip: string | null;
  country: string | null;
  createdAt: Date;
};

export function ActivityList({ activity }: { activity: Activity[] }) {
  if (activity.length === 0) return <p>No sign-in activity yet.</p>;
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Recent sign-in activity</caption>
      <thead>
        <tr className="border-b border-gray-300">
          <th scope="col" className="py-2 pr-4">
            When (UTC)
          </th>
          <th scope="col" className="py-2 pr-4">
            What
          </th>
          <th scope="col" className="py-2 pr-4">
            Device
          </th>
          <th scope="col" className="py-2">
            Where
          </th>
        </tr>
      </thead>
      <tbody>
        {activity.map((a) => (
          <tr key={a.id} className="border-b border-gray-200" data-testid="activity-row">
            <td className="py-2 pr-4">
              <LocalDate value={a.createdAt} />
            </td>
            <td className="py-2 pr-4">{EVENT_LABELS[a.type] ?? a.type}</td>
            <td className="py-2 pr-4">{a.device}</td>
            <td className="py-2">{place(a.ip, a.country)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
