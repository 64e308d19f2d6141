// Dates as people read them: in the reader's language (from the browser's Accept-Language) and
// in the store's time zone (STORE_TIME_ZONE), always named, so "5:18 AM GMT+1" means the same
// to a shopper and to staff reading the audit log. Pure functions; lib/dates/request.ts binds
// them to the request being served.

export type DateStyle =
  /** "Dec 1, 2026" */
  | "date"
  /** "Dec 1, 2026, 5:18 AM UTC" */
  | "datetime"
  /** "Dec 1, 2026, 5:18:38 AM UTC": for logs and audit entries, where seconds matter. */
  | "precise"
  /** "5:18 AM UTC" */
  | "time";

export type DateSettings = { locale: string; timeZone: string };

export const FALLBACK_LOCALE = "en-US";

const OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  date: { year: "numeric", month: "short", day: "numeric" },
  datetime: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  },
  precise: {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "numeric",
    minute: "2-digit",
    second: "2-digit",
    timeZoneName: "short",
  },
  time: { hour: "numeric", minute: "2-digit", timeZoneName: "short" },
};

/** Whether Intl knows this IANA time zone ("Europe/Berlin", "UTC"). */
export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// A language tag as BCP 47 spells it, loosely: letters and digits in dash-separated pieces.
const TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/;

/**
 * The first language in an Accept-Language header (by its q weights) that Intl can format
 * dates in; the fallback for a missing, oversized or unusable header. The header is the client's
 * to write: it is read bounded, and only ever chooses among the locales Intl supports.
 */
export function preferredLocale(acceptLanguage: string | null | undefined, fallback: string = FALLBACK_LOCALE): string {
  if (!acceptLanguage || acceptLanguage.length > 512) return fallback;
  const ranked = acceptLanguage
    .split(",")
    .slice(0, 20)
    .map((part, index) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.q > 0 && TAG.test(entry.tag))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { tag } of ranked) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf(tag);
      if (supported) return supported;
    } catch {
      // A tag Intl refuses to parse: try the next one.
    }
  }
  return fallback;
}

export function formatDate(date: Date, style: DateStyle, { locale, timeZone }: DateSettings): string {
  return new Intl.DateTimeFormat(locale, { ...OPTIONS[style], timeZone }).format(date);
}

/** A date formatter for one reader. */
export type DateFormatter = (date: Date, style?: DateStyle) => string;

export const dateFormatter =
  (settings: DateSettings): DateFormatter =>
  (date, style = "datetime") =>
    formatDate(date, style, settings);
