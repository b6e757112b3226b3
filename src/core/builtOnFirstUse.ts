// A value (a zod schema, mostly) built the first time anything reads it rather than when its module
// is evaluated: building the zod schemas of the accounts, settings and vendor answers was most of
// the extension's module evaluation, paid at activation although nothing is parsed until the first
// account is listed or the first answer read. Reads, `in`, keys, prototype and `instanceof` all
// reach the built value, so a schema built this way is used exactly like the one it stands for
// (and may be nested in another schema).
export function builtOnFirstUse<T extends object>(build: () => T): T {
  let built: T | undefined;
  const value = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_target, key) => Reflect.get(value(), key),
    set: (_target, key, newValue) => Reflect.set(value(), key, newValue),
    has: (_target, key) => Reflect.has(value(), key),
    ownKeys: () => Reflect.ownKeys(value()),
    // The stand-in has no properties of its own: every one is reported configurable (a proxy may not
    // report a non-configurable property its target lacks).
    getOwnPropertyDescriptor: (_target, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(value(), key);
      return descriptor && { ...descriptor, configurable: true };
    },
    defineProperty: (_target, key, descriptor) => Reflect.defineProperty(value(), key, descriptor),
    deleteProperty: (_target, key) => Reflect.deleteProperty(value(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(value()),
  });
}
