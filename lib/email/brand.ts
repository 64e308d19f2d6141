// The store's name and colours for every email, in one place: a fork changes them here.
// Colours meet WCAG AA contrast on white (text, muted text, links and the button's white text).
export const BRAND = {
  name: "Secure Store",
  colors: {
    /** Buttons, links and the header rule. */
    primary: "#1d4ed8",
    text: "#111827",
    muted: "#4b5563",
    border: "#d1d5db",
    /** The page around the message. */
    canvas: "#f3f4f6",
    surface: "#ffffff",
  },
  font: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
} as const;
