import { AppError } from "@/lib/errors";

// A status lifecycle: the list of statuses, the type they make, and the table of moves allowed
// between them. Each lifecycle (lib/orders/status.ts, lib/payments/*status.ts) defines its
// table once; code that changes a status asks the table, and writes the change as a conditional
// update whose WHERE names the statuses it moves from, so a row that another request moved
// meanwhile is left alone (the update counts 0 rows) instead of being moved twice.

export type Transitions<S extends string> = { readonly [From in S]: readonly S[] };

/** A move the table does not allow: a bug in the caller, or a row that changed under it. */
export class TransitionError extends AppError {
  constructor(
    readonly lifecycle: string,
    readonly from: string,
    readonly to: string,
  ) {
    super("CONFLICT", `A ${lifecycle} cannot go from ${from} to ${to}.`);
  }
}

export type Lifecycle<S extends string> = {
  readonly name: string;
  readonly statuses: readonly S[];
  is(value: string): value is S;
  /** A stored value as the type; throws on a value the lifecycle does not know. */
  parse(value: string): S;
  /** Whether the table allows from → to (false for a status it does not know). */
  can(from: string, to: S): boolean;
  /** Throws a TransitionError (code CONFLICT) unless the table allows from → to. */
  assert(from: string, to: S): asserts from is S;
  /** Every status the table allows to move to `to`. */
  allowedFrom(to: S): S[];
  /**
   * The WHERE and data of a conditional update moving a row from one of `from` to `to`, e.g.
   * `const m = orderStatus.move("HELD", "APPROVING"); db.order.updateMany({ where: { id, ...m.where }, data: m.data })`.
   * Throws if the table forbids any of the moves, so a wrong call fails in every test that
   * reaches it, not only when a row happens to be in that state.
   */
  move(from: S | readonly S[], to: S): { where: { status: { in: S[] } }; data: { status: S } };
};

export function defineLifecycle<const S extends string>(
  name: string,
  statuses: readonly S[],
  transitions: Transitions<S>,
): Lifecycle<S> {
  const known = new Set<string>(statuses);
  const is = (value: string): value is S => known.has(value);
  const can = (from: string, to: S) => is(from) && transitions[from].includes(to);
  function assert(from: string, to: S): asserts from is S {
    if (!can(from, to)) throw new TransitionError(name, from, to);
  }
  return {
    name,
    statuses,
    is,
    parse(value) {
      if (!is(value)) throw new Error(`Unknown ${name} status in the database: ${value}`);
      return value;
    },
    can,
    assert,
    allowedFrom: (to) => statuses.filter((from) => can(from, to)),
    move(from, to) {
      const list: S[] = typeof from === "string" ? [from] : [...from];
      for (const f of list) assert(f, to);
      return { where: { status: { in: list } }, data: { status: to } };
    },
  };
}
