// Which database a DATABASE_URL names. Anything that is not postgres(ql):// is a SQLite file.
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, "");
}
