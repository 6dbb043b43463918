/** The keys of `T` whose `Field` member is (assignable to) `Value`. */
export type KeysWhere<T, Field extends string, Value> = {
  [K in keyof T]: T[K] extends Record<Field, Value> ? K : never;
}[keyof T];
