// Adding to the cart over HTTP the way the product page's script does
// (components/cart/add-to-cart-form.tsx): POST /api/cart/lines with the form's fields as
// multipart form data (what fetch sends for a FormData body) and the headers a browser adds to a
// same-origin fetch.

export const CART_LINES_PATH = "/api/cart/lines";

export function cartLineRequest(fields: { productId: string; quantity: string; requestKey: string }) {
  const boundary = `----bench${Math.random().toString(36).slice(2)}`;
  const body =
    Object.entries(fields)
      .map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function cartLineHeaders(origin: string, contentType: string): Record<string, string> {
  return { Origin: origin, "Sec-Fetch-Site": "same-origin", "Content-Type": contentType, Accept: "application/json" };
}
