export function Pagination({
  page,
  pageCount,
  href,
}: {
  page: number;
  pageCount: number;
  href: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-8 flex items-center justify-center gap-4">
      {page > 1 ? (
        <a
          href={href(page - 1)}
          className="rounded border border-gray-300 px-3 py-1 text-gray-900 hover:bg-gray-100"
          rel="prev"
        >
          Previous
        </a>
      ) : null}
      <span aria-current="page" className="text-gray-800">
        Page {page} of {pageCount}
      </span>
      {page < pageCount ? (
        <a
          href={href(page + 1)}
          className="rounded border border-gray-300 px-3 py-1 text-gray-900 hover:bg-gray-100"
          rel="next"
        >
          Next
        </a>
      ) : null}
    </nav>
  );
}
