// vue-i18n: zh-CN by default, English switchable; the choice is remembered.
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN'
import en from './en'
import zhCNTalent from './talent/zh-CN'
import enTalent from './talent/en'
import zhCNProjects from './projects/zh-CN'
import enProjects from './projects/en'
import zhCNDashboard from './dashboard/zh-CN'
import enDashboard from './dashboard/en'

export type Locale = 'zh-CN' | 'en'
const KEY = 'cj.locale'

function initial(): Locale {
  try {
    const v = localStorage.getItem(KEY)
    if (v === 'en' || v === 'zh-CN') return v
  } catch {
    /* no storage: default */
  }
  return 'zh-CN'
}

export const i18n = createI18n({
  legacy: false,
  locale: initial(),
  fallbackLocale: 'zh-CN',
  // The talent module's strings live in their own files (new top-level keys only).
  // The key-projects module's strings too, under their own top-level key (`projects`).
  // The dashboard module's too (`dashboard`).
  messages: {
    'zh-CN': { ...zhCN, ...zhCNTalent, ...zhCNProjects, ...zhCNDashboard },
    en: { ...en, ...enTalent, ...enProjects, ...enDashboard }
  }
})

export function currentLocale(): Locale {
  return (i18n.global.locale as any).value as Locale
}

export function setLocale(l: Locale): void {
  ;(i18n.global.locale as any).value = l
  document.documentElement.lang = l
  try {
    localStorage.setItem(KEY, l)
  } catch {
    /* ignore */
  }
}
