import { en, type MessageKey } from './messages';

export type { MessageKey };

/** The message for `key` with each `{name}` replaced by `values[name]`. */
export function t(key: MessageKey, values: Readonly<Record<string, string | number>> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}
