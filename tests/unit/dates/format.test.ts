import { describe, expect, it } from "vitest";
import { dateFormatter, FALLBACK_LOCALE, formatDate, isTimeZone, preferredLocale } from "@/lib/dates/format";

const at = new Date("2026-12-01T04:18:38Z");

describe("preferredLocale", () => {
  it.each([
    ["de-DE,de;q=0.9,en;q=0.8", "de-DE"],
    ["fr;q=0.5, en-GB;q=0.9", "en-GB"],
    ["xx-YY, ja;q=0.7", "ja"],
    ["en-US;q=0, pt-BR;q=0.3", "pt-BR"],
    ["*", FALLBACK_LOCALE],
    ["", FALLBACK_LOCALE],
    [null, FALLBACK_LOCALE],
    ["<script>alert(1)</script>", FALLBACK_LOCALE],
    [`${"de,".repeat(300)}fr`, FALLBACK_LOCALE],
  ])("%j reads as %s", (header, locale) => {
    expect(preferredLocale(header)).toBe(locale);
  });

  it("takes the store's fallback when nothing is usable", () => {
    expect(preferredLocale("q=1;;,", "en-GB")).toBe("en-GB");
  });
});

describe("formatDate", () => {
  it("writes a date in the reader's language and names the store's time zone", () => {
    expect(formatDate(at, "datetime", { locale: "en-US", timeZone: "UTC" })).toBe("Dec 1, 2026, 4:18 AM UTC");
    expect(formatDate(at, "precise", { locale: "en-US", timeZone: "UTC" })).toBe("Dec 1, 2026, 4:18:38 AM UTC");
    expect(formatDate(at, "datetime", { locale: "de-DE", timeZone: "Europe/Berlin" })).toBe("1. Dez. 2026, 05:18 MEZ");
    expect(formatDate(at, "time", { locale: "en-GB", timeZone: "America/New_York" })).toMatch(/^23:18 (EST|GMT-5)$/);
  });

  it("shows the calendar day of the store's time zone, not UTC's", () => {
    expect(formatDate(at, "date", { locale: "en-US", timeZone: "UTC" })).toBe("Dec 1, 2026");
    expect(formatDate(at, "date", { locale: "en-US", timeZone: "America/Los_Angeles" })).toBe("Nov 30, 2026");
  });

  it("binds a reader's settings once, datetime by default", () => {
    const format = dateFormatter({ locale: "en-GB", timeZone: "UTC" });
    expect(format(at)).toBe("1 Dec 2026, 04:18 UTC");
    expect(format(at, "date")).toBe("1 Dec 2026");
  });
});

describe("isTimeZone", () => {
  it.each([
    ["UTC", true],
    ["Europe/Berlin", true],
    ["Mars/Olympus", false],
    ["", false],
  ])("%j: %s", (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});
