/**
 * Facts several rules read from one pod spec are worked out once per key object. A parse is never mutated, so they
 * cannot go stale; `rest` must follow from the key (a container belongs to one pod spec).
 */
export function memoized<K extends object, A extends unknown[], V extends object>(compute: (key: K, ...rest: A) => V): (key: K, ...rest: A) => V {
  const cache = new WeakMap<K, V>();
  return (key, ...rest) => {
    let value = cache.get(key);
    if (value === undefined) {
      value = compute(key, ...rest);
      cache.set(key, value);
    }
    return value;
  };
}
