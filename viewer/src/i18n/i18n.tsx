import { createContext, useContext, useState, type ReactNode } from 'react';
import { en } from './en';
import { zh, type Messages } from './zh';

export type Lang = 'zh' | 'en';
const DICTS: Record<Lang, Messages> = { zh, en };
const KEY = 'archive.lang';

interface I18n {
  lang: Lang;
  t: (key: keyof Messages) => string;
  setLang: (lang: Lang) => void;
}

const Ctx = createContext<I18n>({ lang: 'zh', t: (k) => zh[k], setLang: () => undefined });

/** Chinese labels (the domain's own terms) by default; English on request, remembered per browser. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(KEY) === 'en' ? 'en' : 'zh'));
  const setLang = (l: Lang) => {
    localStorage.setItem(KEY, l);
    document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
    setLangState(l);
  };
  const t = (key: keyof Messages) => DICTS[lang][key] ?? zh[key];
  return <Ctx.Provider value={{ lang, t, setLang }}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);

/**
 * An area's own labels (pages/<area>/messages.ts exports `{ zh, en }`), in the chosen language:
 * `const t = useText(messages); t('title')`.
 */
export function useText<K extends string>(messages: { zh: Record<K, string>; en: Record<K, string> }) {
  const { lang } = useI18n();
  return (key: K) => messages[lang][key] ?? messages.zh[key];
}
