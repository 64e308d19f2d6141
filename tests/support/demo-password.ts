// The demo accounts' password in the browser-test servers (scripts/e2e-server.ts passes it to the
// seed). A real `npm start` generates its own per install (scripts/dev-env.ts).
export const DEMO_PASSWORD = "orchid-lantern-42";
