import type { DateStyle } from "@/lib/dates/format";
import { requestDates } from "@/lib/dates/request";

/** A date in the reader's language and the store's time zone, machine-readable in dateTime. */
export async function LocalDate({ value, style = "datetime" }: { value: Date; style?: DateStyle }) {
  const format = await requestDates();
  return <time dateTime={value.toISOString()}>{format(value, style)}</time>;
}
