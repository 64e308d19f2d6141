"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useId, useRef, useState, type KeyboardEvent } from "react";

export type NavLink = { href: string; label: string; badge?: number };

// The link of the section being shown: the queue only at /admin itself, any other section also on
// its sub-pages (/admin/orders/… is "Orders").
function isCurrentSection(pathname: string, href: string): boolean {
  return href === "/admin" ? pathname === "/admin" : pathname === href || pathname.startsWith(`${href}/`);
}

/**
 * The admin area's navigation; only the sections the staff member may use are listed. From the
 * `md` breakpoint the links sit in a row; below it a "Menu" button discloses them (aria-expanded,
 * Escape closes and returns focus to the button), so a phone never scrolls sideways.
 */
export function AdminNav({ links }: { links: NavLink[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const unread = links.reduce((n, link) => n + (link.badge ?? 0), 0);
  const current = links.find((link) => isCurrentSection(pathname, link.href));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== "Escape" || !open) return;
    setOpen(false);
    button.current?.focus();
  };
  return (
    <nav aria-label="Admin" onKeyDown={onKeyDown}>
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="inline-flex items-center gap-2 rounded border border-gray-500 bg-white px-3 py-1.5 font-medium text-gray-900 hover:bg-gray-100 md:hidden"
      >
        Menu
        {current ? <span className="font-normal text-gray-800">: {current.label}</span> : null}
        {unread ? (
          <span className="rounded-full bg-red-700 px-2 text-xs font-semibold text-white">
            {unread}
            <span className="sr-only"> unread alerts</span>
          </span>
        ) : null}
      </button>
      <ul
        id={listId}
        className={`${open ? "flex" : "hidden"} mt-2 flex-col gap-1 md:mt-0 md:flex md:flex-row md:flex-wrap md:gap-2`}
      >
        {links.map((link) => {
          const here = link === current;
          return (
            <li key={link.href}>
              <Link
                href={link.href}
                aria-current={here ? "page" : undefined}
                onClick={() => setOpen(false)}
                className={`flex items-center gap-1 rounded px-3 py-1.5 font-medium hover:underline md:inline-flex ${here ? "bg-blue-800 text-white" : "text-blue-800 hover:bg-blue-50"}`}
              >
                {link.label}
                {link.badge ? (
                  <span
                    className={`rounded-full px-2 text-xs font-semibold ${here ? "bg-white text-red-800" : "bg-red-700 text-white"}`}
                    data-testid="unread-alerts"
                  >
                    {link.badge}
                    <span className="sr-only"> unread</span>
                  </span>
                ) : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
