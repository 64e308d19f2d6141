import "server-only";
import { headers } from "next/headers";
import { env } from "@/lib/env";
import { dateFormatter, preferredLocale, type DateFormatter, type DateSettings } from "./format";

/** The reader's language (Accept-Language, with a safe fallback) and the store's time zone. */
async function requestDateSettings(): Promise<DateSettings> {
  return { locale: preferredLocale((await headers()).get("accept-language")), timeZone: env().STORE_TIME_ZONE };
}

/** Formats dates for the request being served (pages, server actions' messages). */
export async function requestDates(): Promise<DateFormatter> {
  return dateFormatter(await requestDateSettings());
}
