import { translateToZh } from '@feijiu/clinical';
import { useI18n } from 'vue-i18n';

// The server explains pathways and destinations in English (the audit record's language). The
// console shows them in the user's language through the phrasebook in @feijiu/clinical, which
// dispatch-core's specs check against the sentences it writes. A sentence the phrasebook does not
// know is shown in English as written, never blank.

/** A server sentence (pathway reason, destination rule / reason / warning) in `locale`. */
export function translateServerText(text: string, locale: string): string {
  if (!locale.startsWith('zh')) return text;
  return translateToZh(text) ?? text;
}

/** In a component: `const serverText = useServerText()`, then `serverText(reason)` in the template (follows the locale). */
export function useServerText(): (text: string) => string {
  const { locale } = useI18n();
  return (text) => translateServerText(text, locale.value);
}
