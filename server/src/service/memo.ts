/** Pod specs and containers carry a bag for facts worked out from them, which dies with them. */
export interface HasFacts {
  readonly facts: Record<symbol, unknown>;
}

/**
 * Facts several rules read from one pod spec are worked out once per key object. A parse is never mutated, so they
 * cannot go stale; `rest` must follow from the key (a container belongs to one pod spec). They live on the key itself,
 * not in a WeakMap, whose entries V8 keeps until a full GC: that held every document's facts and added ~20 MiB at 50k.
 */
export function memoized<K extends HasFacts, A extends unknown[], V extends object>(compute: (key: K, ...rest: A) => V): (key: K, ...rest: A) => V {
  const slot = Symbol(compute.name);
  return (key, ...rest) => {
    let value = key.facts[slot] as V | undefined;
    if (value === undefined) {
      value = compute(key, ...rest);
      key.facts[slot] = value;
    }
    return value;
  };
}
