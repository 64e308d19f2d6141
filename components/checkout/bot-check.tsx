"use client";
import "altcha/altcha.css";
import type {} from "altcha/types/react";
import { useContext, useEffect, useRef, useSyncExternalStore } from "react";
import { fieldId, FormContext } from "@/components/forms/form-parts";

// The checkout's bot check: ALTCHA's widget solving a proof-of-work challenge from
// /api/checkout/challenge in Web Workers (lib/shield/checkout-challenge.ts says when it is due).
// It runs under the store's nonce CSP with no 'unsafe-*': the widget's "external" build injects
// no <style> (its stylesheet is bundled like any other CSS) and creates no blob: workers (its
// SHA worker is served from this origin, /api/checkout/challenge/worker, as worker-src 'self'
// allows). It is a labelled checkbox, so it works with the keyboard and a screen reader, and it
// starts by itself as soon as the shopper moves into the form. Without JavaScript it cannot
// run: the shopper is told so, and the server refuses the start with a clear message.

const CHALLENGE_URL = "/api/checkout/challenge";
const WORKER_URL = "/api/checkout/challenge/worker";

const noChanges = () => () => {};

type Registry = { algorithms: Map<string, () => Worker> };
type Widget = HTMLElement & { reset?: () => void };

export function BotCheck({ error, resetKey }: { error?: string; resetKey: unknown }) {
  const widget = useRef<Widget>(null);
  // The error summary links here when the check failed.
  const { idPrefix } = useContext(FormContext);
  // False in the server's HTML, true once this runs in the browser: the page says the check
  // needs JavaScript until it can run (React does not render <noscript> content).
  const scripted = useSyncExternalStore(
    noChanges,
    () => true,
    () => false,
  );
  useEffect(() => {
    void import("altcha/external").then(() => {
      const registry = (globalThis as unknown as { $altcha?: Registry }).$altcha;
      if (registry && !registry.algorithms.has("SHA-256"))
        registry.algorithms.set("SHA-256", () => new Worker(WORKER_URL));
    });
  }, []);
  // A solution is accepted once: after every answer from the server the check starts over.
  useEffect(() => {
    widget.current?.reset?.();
  }, [resetKey]);
  return (
    <div
      id={idPrefix ? fieldId(idPrefix, "altcha") : undefined}
      tabIndex={-1}
      className="flex flex-col gap-2 rounded border border-gray-300 p-3"
      data-testid="bot-check"
    >
      <p id="bot-check-help" className="text-sm text-gray-900">
        We are seeing unusual checkout activity, so we ask for a quick check that you are not a robot. It runs by itself
        in your browser and takes about a second; no data goes to anyone else.
      </p>
      <altcha-widget ref={widget} challenge={CHALLENGE_URL} name="altcha" auto="onfocus" />
      {scripted ? null : (
        <p className="text-sm font-medium text-red-900" data-testid="bot-check-needs-js">
          This check needs JavaScript. Please turn JavaScript on for this store and reload the page, or contact us to
          order by phone.
        </p>
      )}
      {error ? (
        <p id="altcha-error" className="text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </div>
  );
}
