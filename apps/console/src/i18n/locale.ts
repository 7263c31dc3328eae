// Locale choice: the user's explicit pick (localStorage) wins over the server's default.
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const STORAGE_KEY = 'feijiu.locale';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

export function readStoredLocale(storage: Pick<Storage, 'getItem'>): Locale | null {
  const value = storage.getItem(STORAGE_KEY);
  return isLocale(value) ? value : null;
}

export function storeLocale(storage: Pick<Storage, 'setItem'>, locale: Locale): void {
  storage.setItem(STORAGE_KEY, locale);
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'zh-CN' ? 'en' : 'zh-CN';
}
