// What a shopper typed, turned into what both databases search for. Pure functions (no database),
// shared by the SQLite and PostgreSQL paths of lib/catalog/search.ts so both search for exactly
// the same words.
import { z } from "zod";

export const SEARCH_SORTS = ["relevance", "price-asc", "price-desc", "newest"] as const;
export type SearchSort = (typeof SEARCH_SORTS)[number];
export const SORT_LABELS: Record<SearchSort, string> = {
  relevance: "Best match",
  "price-asc": "Price: low to high",
  "price-desc": "Price: high to low",
  newest: "Newest",
};

const MAX_TERMS = 5;

// PostgreSQL's "english" configuration drops these words (share/tsearch_data/english.stop);
// SQLite's FTS5 does not. Dropping them here first makes both databases see the same query.
const STOP_WORDS = new Set(
  (
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself it its itself " +
    "they them their theirs themselves what which who whom this that these those am is are was were be been being have has had " +
    "having do does did doing a an the and but if or because as until while of at by for with about against between into through " +
    "during before after above below to from up down in out on off over under again further then once here there when where why " +
    "how all any both each few more most other some such no nor not only own same so than too very s t can will just don should now"
  ).split(" "),
);

/**
 * Lower-cased runs of letters and digits, without stop words, at most five. Nothing else of the
 * input reaches the database: no quote, operator or wildcard of either full-text syntax can.
 */
export function searchTerms(query: string): string[] {
  const words = query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return [...new Set(words.filter((w) => !STOP_WORDS.has(w)))].slice(0, MAX_TERMS);
}

/**
 * The forms a term is searched in. Both databases stem with Porter's algorithm, which handles
 * regular endings (lamps, mugs, charging) but leaves irregular plurals apart from their singular
 * ("knives" → "knive", "knife" → "knife"); those are added here.
 */
export function termVariants(term: string): string[] {
  const variants = [term];
  if (term.length > 4 && term.endsWith("ves")) variants.push(`${term.slice(0, -3)}f`, `${term.slice(0, -3)}fe`);
  if (term.length > 3 && term.endsWith("men")) variants.push(`${term.slice(0, -3)}man`);
  return variants.filter((v) => !STOP_WORDS.has(v));
}

/** FTS5 query: every term (in any of its forms) must match, optionally within one column. */
export function ftsMatch(terms: string[], column?: "name"): string {
  const groups = terms.map(
    (t) =>
      `(${termVariants(t)
        .map((v) => `"${v}"`)
        .join(" OR ")})`,
  );
  const all = groups.join(" AND ");
  return column ? `${column} : (${all})` : all;
}

/** PostgreSQL to_tsquery text for the same query. */
export function tsQuery(terms: string[]): string {
  return terms.map((t) => `(${termVariants(t).join(" | ")})`).join(" & ");
}

// Prices are typed in dollars ("25" or "25.50"); blank means no bound.
const priceText = z.string().trim().max(12);
export function parsePrice(text: string): { cents?: number; error?: string } {
  if (text === "") return {};
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(text)) return { error: "Enter an amount like 25 or 25.50." };
  const [whole, fraction = ""] = text.split(".");
  return { cents: Number(whole) * 100 + Number(fraction.padEnd(2, "0")) };
}

const searchParamsSchema = z.object({
  q: z.string().trim().max(100).catch(""),
  category: z
    .string()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
    .max(100)
    .optional()
    .catch(undefined),
  min: priceText.catch(""),
  max: priceText.catch(""),
  stock: z.literal("1").optional().catch(undefined),
  sort: z.enum(SEARCH_SORTS).catch("relevance"),
  page: z.coerce.number().int().min(1).max(1000).catch(1),
});
export type SearchForm = z.infer<typeof searchParamsSchema>;

export type SearchInput = {
  query: string;
  category?: string;
  minCents?: number;
  maxCents?: number;
  inStock?: boolean;
  sort?: SearchSort;
  page?: number;
};

/** Query-string values (each maybe an array) → the form as typed plus what to search for. */
export function readSearchParams(params: Record<string, string | string[] | undefined>) {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? "";
  const form = searchParamsSchema.parse({
    q: first(params.q),
    category: first(params.category) || undefined,
    min: first(params.min),
    max: first(params.max),
    stock: first(params.stock) || undefined,
    sort: first(params.sort) || undefined,
    page: first(params.page) || undefined,
  });
  const min = parsePrice(form.min);
  const max = parsePrice(form.max);
  const input: SearchInput = {
    query: form.q,
    category: form.category,
    minCents: min.cents,
    maxCents: max.cents,
    inStock: form.stock === "1",
    sort: form.sort,
    page: form.page,
  };
  return { form, input, errors: { min: min.error, max: max.error } };
}
