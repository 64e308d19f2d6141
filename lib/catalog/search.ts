import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { Db } from "@/lib/db";
import { providerOf } from "@/lib/db/transaction";
import { PAGE_SIZE, type Page, type ProductCard } from "./queries";
import { ftsMatch, searchTerms, tsQuery, type SearchInput, type SearchSort } from "./search-query";
import { buildVocabulary, correctTerms, type Vocabulary } from "./typo";

// Full-text search over active products, on either database (indexes: the *_product_search
// migrations). Both databases stem with Porter's algorithm and match the same words
// (./search-query.ts); relevance is computed the same way on both rather than with bm25 or
// ts_rank, which differ: how many of the query's words are in the product's name, then the slug.
// Every value reaches the database as a bound parameter of a Prisma.sql tagged template.

export type SearchResult = Page<ProductCard> & {
  /** The words searched for: the shopper's, or the corrected ones. */
  query: string;
  /** Set when nothing matched what was typed and a correction from the catalog's words did. */
  correctedFrom?: string;
};

type Dialect = {
  active: Prisma.Sql;
  matches: (terms: string[]) => Prisma.Sql;
  nameMatches: (term: string) => Prisma.Sql;
  bySlug: Prisma.Sql;
};

const sqlite: Dialect = {
  active: Prisma.sql`p."active" = 1`,
  matches: (terms) =>
    Prisma.sql`p."id" IN (SELECT "productId" FROM "ProductSearch" WHERE "ProductSearch" MATCH ${ftsMatch(terms)})`,
  nameMatches: (term) =>
    Prisma.sql`p."id" IN (SELECT "productId" FROM "ProductSearch" WHERE "ProductSearch" MATCH ${ftsMatch([term], "name")})`,
  bySlug: Prisma.sql`p."slug"`,
};

// The document expression is exactly the GIN index's, so the planner uses the index.
const postgresql: Dialect = {
  active: Prisma.sql`p."active" = true`,
  matches: (terms) =>
    Prisma.sql`to_tsvector('english'::regconfig, p."name" || ' ' || p."description") @@ to_tsquery('english'::regconfig, ${tsQuery(terms)})`,
  nameMatches: (term) =>
    Prisma.sql`to_tsvector('english'::regconfig, p."name") @@ to_tsquery('english'::regconfig, ${tsQuery([term])})`,
  // Byte order, as SQLite sorts, not the server's locale.
  bySlug: Prisma.sql`p."slug" COLLATE "C"`,
};

function orderBy(sort: SearchSort, d: Dialect, hasTerms: boolean): Prisma.Sql {
  switch (sort) {
    case "price-asc":
      return Prisma.sql`p."priceCents" ASC, ${d.bySlug} ASC`;
    case "price-desc":
      return Prisma.sql`p."priceCents" DESC, ${d.bySlug} ASC`;
    case "newest":
      return Prisma.sql`p."createdAt" DESC, ${d.bySlug} ASC`;
    case "relevance":
      return hasTerms ? Prisma.sql`"score" DESC, ${d.bySlug} ASC` : Prisma.sql`${d.bySlug} ASC`;
  }
}

const hasFilters = (input: SearchInput) =>
  Boolean(input.category || input.minCents !== undefined || input.maxCents !== undefined || input.inStock);

async function run(db: Db, terms: string[], input: SearchInput): Promise<Page<ProductCard>> {
  const d = providerOf(db) === "postgresql" ? postgresql : sqlite;
  const where: Prisma.Sql[] = [d.active];
  if (terms.length > 0) where.push(d.matches(terms));
  if (input.category) where.push(Prisma.sql`c."slug" = ${input.category}`);
  if (input.minCents !== undefined) where.push(Prisma.sql`p."priceCents" >= ${input.minCents}`);
  if (input.maxCents !== undefined) where.push(Prisma.sql`p."priceCents" <= ${input.maxCents}`);
  if (input.inStock) where.push(Prisma.sql`p."stock" > 0`);
  const from = Prisma.sql`FROM "Product" p JOIN "Category" c ON c."id" = p."categoryId" WHERE ${Prisma.join(where, " AND ")}`;

  const score =
    terms.length > 0
      ? Prisma.join(
          terms.map((t) => Prisma.sql`(CASE WHEN ${d.nameMatches(t)} THEN 1 ELSE 0 END)`),
          " + ",
        )
      : Prisma.sql`0`;
  // One query for the page and the total (a window count): the full-text match runs once.
  const pageRows = (page: number) => db.$queryRaw<(ProductCard & { score: unknown; total: number | bigint })[]>`
    SELECT p."id", p."slug", p."name", p."priceCents", p."currency", p."stock", p."imagePath", p."imageAlt", ${score} AS "score", COUNT(*) OVER () AS "total"
    ${from}
    ORDER BY ${orderBy(input.sort ?? "relevance", d, terms.length > 0)}
    LIMIT ${PAGE_SIZE} OFFSET ${(page - 1) * PAGE_SIZE}`;
  let page = input.page ?? 1;
  let rows = await pageRows(page);
  if (rows.length === 0 && page > 1) {
    // Past the last page (or nothing matched): count, then show the last page.
    const [{ total }] = await db.$queryRaw<[{ total: number | bigint }]>`SELECT COUNT(*) AS "total" ${from}`;
    page = Math.max(1, Math.ceil(Number(total) / PAGE_SIZE));
    rows = Number(total) > 0 ? await pageRows(page) : [];
  }
  const count = Number(rows[0]?.total ?? 0);
  const pageCount = Math.max(1, Math.ceil(count / PAGE_SIZE));
  const items = rows.map(({ score: _score, total: _total, ...card }) => ({
    ...card,
    priceCents: Number(card.priceCents),
    stock: Number(card.stock),
  }));
  return { items, page, pageCount, total: count };
}

// The catalog's words, for corrections: read at most once a minute per database client. Read in
// slices, so a large catalog does not hold the event loop (SQLite runs a statement synchronously)
// for the whole read; once there is a vocabulary, searches use it while the next one is read.
const VOCABULARY_TTL_MS = 60_000;
const VOCABULARY_SLICE = 2_000;
type VocabularyEntry = { expires: number; value: Promise<Vocabulary>; loading?: Promise<Vocabulary> };
const vocabularies = new WeakMap<object, VocabularyEntry>();

async function loadVocabulary(db: Db): Promise<Vocabulary> {
  const texts: string[] = (await db.category.findMany({ select: { name: true } })).map((c) => c.name);
  for (let cursor: string | undefined; ;) {
    const slice = await db.product.findMany({
      where: { active: true, ...(cursor ? { id: { gt: cursor } } : {}) },
      orderBy: { id: "asc" },
      take: VOCABULARY_SLICE,
      select: { id: true, name: true, description: true },
    });
    for (const p of slice) texts.push(p.name, p.description);
    if (slice.length < VOCABULARY_SLICE) break;
    cursor = slice.at(-1)!.id;
  }
  return buildVocabulary(texts);
}

function catalogVocabulary(db: Db): Promise<Vocabulary> {
  const now = Date.now();
  const entry = vocabularies.get(db);
  if (entry && entry.expires > now) return entry.value;
  if (entry) {
    // Stale: answer with the one there is, and read the next one once.
    if (!entry.loading) {
      entry.loading = loadVocabulary(db);
      entry.loading.then(
        (value) => vocabularies.set(db, { expires: Date.now() + VOCABULARY_TTL_MS, value: Promise.resolve(value) }),
        () => (entry.loading = undefined),
      );
    }
    return entry.value;
  }
  const value = loadVocabulary(db);
  vocabularies.set(db, { expires: now + VOCABULARY_TTL_MS, value });
  value.catch(() => vocabularies.delete(db));
  return value;
}

/**
 * Searches active products. With no words and no filters there is nothing to search for; with
 * filters only, it lists what they allow. When words find nothing, the words are corrected to
 * the nearest words the catalog uses ("headphnes" → "headphones") and searched once more.
 */
export async function searchCatalog(db: Db, input: SearchInput): Promise<SearchResult> {
  const terms = searchTerms(input.query);
  if (terms.length === 0 && !hasFilters(input))
    return { items: [], page: 1, pageCount: 1, total: 0, query: input.query };
  const result = await run(db, terms, input);
  if (result.total > 0 || terms.length === 0) return { ...result, query: input.query };
  const corrected = correctTerms(terms, await catalogVocabulary(db));
  if (!corrected) return { ...result, query: input.query };
  const retry = await run(db, corrected, { ...input, page: 1 });
  if (retry.total === 0) return { ...result, query: input.query };
  return { ...retry, query: corrected.join(" "), correctedFrom: input.query };
}
