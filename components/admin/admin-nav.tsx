import Link from "next/link";

export type NavLink = { href: string; label: string; badge?: number };

/** The admin area's navigation; only the sections the staff member may use are listed. */
export function AdminNav({ links, name, role }: { links: NavLink[]; name: string; role: string }) {
  return (
    <div className="mb-8 flex flex-col gap-3 border-b border-gray-300 pb-4">
      <p className="flex flex-wrap items-baseline gap-x-3 text-sm text-gray-800">
        <span className="text-lg font-bold text-gray-900" data-testid="admin-heading">
          Store admin
        </span>
        <span>
          Signed in as {name} ({role.toLowerCase()})
        </span>
      </p>
      <nav aria-label="Admin">
        <ul className="flex flex-wrap gap-2">
          {links.map((link) => (
            <li key={link.href}>
              <Link href={link.href} className="inline-flex items-center gap-1 rounded px-3 py-1.5 font-medium text-blue-800 hover:bg-blue-50 hover:underline">
                {link.label}
                {link.badge ? (
                  <span className="rounded-full bg-red-700 px-2 text-xs font-semibold text-white" data-testid="unread-alerts">
                    {link.badge}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </div>
  );
}
