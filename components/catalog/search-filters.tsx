import { SEARCH_SORTS, SORT_LABELS, type SearchForm } from "@/lib/catalog/search-query";

// The search page's words, filters and sorting as one GET form: it works without JavaScript,
// every control has a label, and it shows back exactly what was typed (an amount that is not a
// price stays in its box with the reason beside it, and is not applied).
type Props = {
  form: SearchForm;
  categories: { slug: string; name: string }[];
  errors: { min?: string; max?: string };
};

const input = "rounded border border-gray-500 px-3 py-2 text-gray-900";
const label = "text-sm font-medium text-gray-900";

function PriceField({
  name,
  text,
  value,
  error,
}: {
  name: "min" | "max";
  text: string;
  value: string;
  error?: string;
}) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={`search-${name}`} className={label}>
        {text}
      </label>
      <input
        id={`search-${name}`}
        name={name}
        type="text"
        inputMode="decimal"
        maxLength={12}
        defaultValue={value}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `search-${name}-error` : undefined}
        className={`${input} w-28`}
      />
      {error ? (
        <p id={`search-${name}-error`} className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function SearchFilters({ form, categories, errors }: Props) {
  return (
    <form
      action="/search"
      method="get"
      role="search"
      aria-label="Search and filter products"
      className="mb-6 flex flex-wrap items-end gap-4 rounded border border-gray-300 p-4"
    >
      <div className="flex min-w-48 flex-1 flex-col gap-1">
        <label htmlFor="search-q" className={label}>
          Words
        </label>
        <input id="search-q" name="q" type="search" maxLength={100} defaultValue={form.q} className={input} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="search-category" className={label}>
          Category
        </label>
        <select id="search-category" name="category" defaultValue={form.category ?? ""} className={input}>
          <option value="">All categories</option>
          {categories.map((c) => (
            <option key={c.slug} value={c.slug}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="flex gap-2">
        <legend className={`${label} mb-1`}>Price in USD</legend>
        <PriceField name="min" text="From" value={form.min} error={errors.min} />
        <PriceField name="max" text="To" value={form.max} error={errors.max} />
      </fieldset>
      <div className="flex items-center gap-2 self-center pt-5">
        <input
          id="search-stock"
          name="stock"
          type="checkbox"
          value="1"
          defaultChecked={form.stock === "1"}
          className="h-4 w-4"
        />
        <label htmlFor="search-stock" className={label}>
          In stock only
        </label>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="search-sort" className={label}>
          Sort by
        </label>
        <select id="search-sort" name="sort" defaultValue={form.sort} className={input}>
          {SEARCH_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <button
        type="submit"
        className="rounded bg-blue-800 px-4 py-2 font-medium text-white hover:bg-blue-900 focus:ring-2 focus:ring-blue-600 focus:ring-offset-2 focus:outline-none"
      >
        Search
      </button>
    </form>
  );
}
