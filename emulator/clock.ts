// The emulator's notion of "now". Tests move it forward to reach capture deadlines and
// session expiry without sleeping; real time keeps flowing underneath the offset.
export class Clock {
  private offsetMs = 0;

  /** Unix seconds, as in every Stripe timestamp field. */
  now(): number {
    return Math.floor((Date.now() + this.offsetMs) / 1000);
  }

  /** Moves "now" forward; returns the new time. Going backwards is refused. */
  advance(seconds: number): number {
    if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError("seconds must be a non-negative number");
    this.offsetMs += Math.round(seconds * 1000);
    return this.now();
  }
}

export const DAY = 24 * 60 * 60;
