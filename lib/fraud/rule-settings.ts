import { z } from "zod";

// The kinds of setting a rule can declare. A rule declares each setting once (label, help,
// bounds, default); from that one declaration come the zod schema that validates an admin's form
// and stored values, the rule's default settings, the input the rules page renders and the row
// in the generated rule tables. Admin forms send strings, so every kind also accepts its text form.

type Common = {
  // Shown next to the input and in every error message about this setting.
  label: string;
  // One sentence under the input (tied to it by aria-describedby).
  help?: string;
};

export type NumberSetting = Common & { kind: "number"; min: number; max: number; unit?: string; default: number };
export type FlagSetting = Common & { kind: "flag"; default: boolean };
export type ChoiceOption<C extends string = string> = { value: C; label: string };
export type ChoiceSetting<C extends string = string> = Common & {
  kind: "choice";
  options: readonly ChoiceOption<C>[];
  default: C;
};
export type ListSetting = Common & { kind: "list"; item: ListItem; maxItems: number; default: readonly string[] };
export type SettingDeclaration = NumberSetting | FlagSetting | ChoiceSetting | ListSetting;
export type SettingsDeclaration = Record<string, SettingDeclaration>;

// What one item of a list is: `schema` normalizes and validates one trimmed, non-empty line.
export type ListItem = { noun: string; example: string; schema: z.ZodType<string, string> };

export type SettingValue<D> = D extends NumberSetting
  ? number
  : D extends FlagSetting
    ? boolean
    : D extends ChoiceSetting<infer C>
      ? C
      : D extends ListSetting
        ? string[]
        : never;
export type SettingValues<S extends SettingsDeclaration> = { [K in keyof S]: SettingValue<S[K]> };

// ---- Declaring settings --------------------------------------------------------------------

/** A whole number in [min, max]; `unit` is shown after the label ("Window (hours)"). */
export function numberSetting(s: Omit<NumberSetting, "kind">): NumberSetting {
  return { kind: "number", ...s };
}

/** A window length in whole hours, 1..max (720 = 30 days by default). */
export function hoursSetting(
  s: Omit<NumberSetting, "kind" | "min" | "max" | "unit"> & { max?: number },
): NumberSetting {
  return { kind: "number", unit: "hours", min: 1, max: 720, ...s };
}

export function flagSetting(s: Omit<FlagSetting, "kind">): FlagSetting {
  return { kind: "flag", ...s };
}

/** One of a few named values; `const` keeps the values' literal types for `evaluate`. */
export function choiceSetting<const C extends string>(s: Omit<ChoiceSetting<C>, "kind">): ChoiceSetting<C> {
  return { kind: "choice", ...s };
}

/** A list of strings, each checked by `item` (see domainItem, countryItem, binItem below). */
export function listSetting(
  s: Omit<ListSetting, "kind" | "maxItems" | "default"> & { maxItems?: number; default?: readonly string[] },
): ListSetting {
  return { kind: "list", maxItems: 200, default: [], ...s };
}

/** A list item type of your own: `schema` gets one trimmed line and returns it normalized. */
export function listItem(noun: string, example: string, schema: z.ZodType<string, string>): ListItem {
  return { noun, example, schema };
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A domain name, lower-cased; a leading "@" (as pasted from an address) is dropped. */
export const domainItem = listItem(
  "domain name",
  "example.com",
  z
    .string()
    .transform((s) => s.toLowerCase().replace(/^@/, "").replace(/\.$/, ""))
    .refine((s) => DOMAIN.test(s)),
);

/** An ISO 3166-1 alpha-2 country code, upper-cased. */
export const countryItem = listItem(
  "two-letter country code",
  "GB",
  z
    .string()
    .transform((s) => s.toUpperCase())
    .refine((s) => /^[A-Z]{2}$/.test(s)),
);

/** A card BIN (the first 6 to 8 digits of a card number); spaces are dropped. */
export const binItem = listItem(
  "card BIN of 6 to 8 digits",
  "424242",
  z
    .string()
    .transform((s) => s.replace(/\s+/g, ""))
    .refine((s) => /^\d{6,8}$/.test(s)),
);

// ---- Validation ----------------------------------------------------------------------------

/** "Window (hours)": the label as shown on the page and in error messages. */
export function fullLabel(setting: SettingDeclaration): string {
  return setting.kind === "number" && setting.unit ? `${setting.label} (${setting.unit})` : setting.label;
}

function fromText(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const text = value.trim();
  // Empty stays a string so it fails as "not a number" instead of becoming 0.
  return text === "" ? value : Number(text);
}

const FLAG_WORDS: Record<string, boolean> = {
  true: true,
  on: true,
  yes: true,
  "1": true,
  false: false,
  off: false,
  no: false,
  "0": false,
};

// A form sends a list as one textarea: one item per line (commas also separate, for pasting).
function fromLines(value: unknown): unknown {
  return typeof value === "string" ? value.split(/[\r\n,]+/) : value;
}

const article = (noun: string) => (/^[aeiou]/i.test(noun) ? "an" : "a");

// Quoted in an error message: long enough to find the line, short enough to read.
const quote = (item: string) => `"${item.length > 60 ? `${item.slice(0, 57)}…` : item}"`;

function listSchema(setting: ListSetting) {
  const label = fullLabel(setting);
  return z.preprocess(
    fromLines,
    z
      .array(z.string({ error: `${label} must be a list of text items.` }), {
        error: `${label} must be a list, one ${setting.item.noun} per line.`,
      })
      .transform((raw, ctx) => {
        const items: string[] = [];
        for (const line of raw.map((s) => s.trim()).filter((s) => s !== "")) {
          const parsed = line.length <= 253 ? setting.item.schema.safeParse(line) : null;
          if (!parsed?.success) {
            ctx.addIssue({
              code: "custom",
              message: `${label}: ${quote(line)} is not ${article(setting.item.noun)} ${setting.item.noun} (for example ${setting.item.example}).`,
            });
            return z.NEVER;
          }
          if (!items.includes(parsed.data)) items.push(parsed.data);
        }
        if (items.length > setting.maxItems) {
          ctx.addIssue({
            code: "custom",
            message: `${label} can hold at most ${setting.maxItems} items (${items.length} given).`,
          });
          return z.NEVER;
        }
        return items;
      }),
  );
}

/** The schema of one declared setting; every failure reads as one sentence naming the setting. */
export function settingSchema<D extends SettingDeclaration>(setting: D): z.ZodType<SettingValue<D>> {
  return schemaOf(setting) as z.ZodType<SettingValue<D>>;
}

function schemaOf(setting: SettingDeclaration): z.ZodType {
  const label = fullLabel(setting);
  switch (setting.kind) {
    case "number": {
      const message = `${label} must be a whole number from ${setting.min} to ${setting.max}.`;
      return z.preprocess(
        fromText,
        z.number({ error: message }).int(message).min(setting.min, message).max(setting.max, message),
      );
    }
    case "flag": {
      // A checkbox sends "on" when ticked and nothing otherwise: a form sends "off" explicitly
      // (a hidden input before the checkbox) because a missing setting is an error.
      const message = `${label} must be on or off.`;
      return z.preprocess(
        (v) => (typeof v === "string" ? (FLAG_WORDS[v.trim().toLowerCase()] ?? v) : v),
        z.boolean({ error: message }),
      );
    }
    case "choice": {
      const values = setting.options.map((o) => o.value);
      return z.enum(values as [string, ...string[]], {
        error: `${label} must be one of: ${setting.options.map((o) => o.label).join("; ")}.`,
      });
    }
    case "list":
      return listSchema(setting);
  }
}

/** The strict object schema of a rule's settings: unknown keys are reported, not ignored. */
export function settingsSchema<S extends SettingsDeclaration>(settings: S): z.ZodType<SettingValues<S>> {
  const shape = Object.fromEntries(Object.entries(settings).map(([key, setting]) => [key, settingSchema(setting)]));
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code === "unrecognized_keys") return `Unknown setting: ${issue.keys.join(", ")}.`;
      if (issue.code === "invalid_type") return "Settings must be a set of named values.";
      return undefined;
    },
  }) as unknown as z.ZodType<SettingValues<S>>;
}

export function settingDefaults<S extends SettingsDeclaration>(settings: S): SettingValues<S> {
  return Object.fromEntries(
    Object.entries(settings).map(([key, s]) => [key, s.kind === "list" ? [...s.default] : s.default]),
  ) as SettingValues<S>;
}
