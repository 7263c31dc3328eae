import { createI18n } from 'vue-i18n';
import { en } from './en';
import { type Locale, readStoredLocale, storeLocale } from './locale';
import { type Messages, zhCN } from './zh-CN';

export type { Locale } from './locale';

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: readStoredLocale(localStorage) ?? 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

function applyLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
}

/** The user's explicit choice: applied and remembered. */
export function chooseLocale(locale: Locale): void {
  storeLocale(localStorage, locale);
  applyLocale(locale);
}

/** The server's default, used only when the user never chose. */
export function applyDefaultLocale(locale: Locale): void {
  if (readStoredLocale(localStorage) === null) applyLocale(locale);
}

document.documentElement.lang = currentLocale();
