/**
 * Canonical JSON: object keys sorted recursively (by UTF-16 code units, as Array.prototype.sort does), no
 * whitespace, `undefined` members dropped. Only integers and strings are expected as scalars; non-finite
 * numbers are refused because JSON cannot carry them.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value);
}

function serialise(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) return `[${value.map((v: unknown) => serialise(v ?? null)).join(',')}]`;
      return serialiseObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: cannot serialise ${typeof value}`);
  }
}

function serialiseObject(value: Record<string, unknown>): string {
  const members = Object.keys(value)
    .sort()
    .filter((key) => value[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${serialise(value[key])}`);
  return `{${members.join(',')}}`;
}
