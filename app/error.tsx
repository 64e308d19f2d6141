"use client";
// Shown for any unexpected error in a page: a plain message and a retry, never the error's
// details (production builds only send a digest, which the server log can be searched for).
// It sits under the root layout, so it brings its own <main> (the skip link's target).
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-16 text-center">
      <h1 className="text-3xl font-bold">Something went wrong</h1>
      <p className="mt-3 text-gray-800">Please try again. If it keeps happening, contact us.</p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded bg-blue-700 px-4 py-2 font-semibold text-white hover:bg-blue-800"
      >
        Try again
      </button>
    </main>
  );
}
