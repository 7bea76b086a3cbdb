/*
 * Form rules shared by the pages (Element Plus async-validator rules).  The
 * messages come from the locale files so that they read as the server's do.
 */
import { checkUscc } from './uscc'

type T = (key: string, named?: Record<string, unknown>) => string

export interface Rule {
  required?: boolean
  message?: string
  trigger?: string | string[]
  validator?: (rule: unknown, value: any, cb: (e?: Error) => void) => void
  max?: number
  pattern?: RegExp
}

export function required(t: T, label: string, trigger: string | string[] = 'blur'): Rule {
  return { required: true, message: t('rules.required', { label }), trigger }
}

/** The credit code, checked as the user types (GB 32100-2015). */
export function usccRule(t: T): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      const r = checkUscc(value || '')
      if (r.ok) return cb()
      cb(new Error(t(`uscc.${r.error}`)))
    }
  }
}

/** GB/T 4754-2017 code: a section letter A–T, optionally 2, 3 or 4 digits. */
export function industryRule(t: T): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      if (!value) return cb()
      if (/^[A-T]([0-9]{2}|[0-9]{3}|[0-9]{4})?$/.test(String(value).trim().toUpperCase())) return cb()
      cb(new Error(t('rules.industry')))
    }
  }
}

/** 6-digit administrative division code. */
export function regionRule(t: T): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      if (!value || /^[1-8][0-9]{5}$/.test(String(value).trim())) return cb()
      cb(new Error(t('rules.region')))
    }
  }
}

/** valid_to not before valid_from (ISO dates compare as strings). */
export function dateOrderRule(t: T, from: () => string | null | undefined): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      const f = from()
      if (value && f && value < f) return cb(new Error(t('rules.dateOrder')))
      cb()
    }
  }
}

export function usernameRule(t: T): Rule {
  return {
    trigger: 'blur',
    validator: (_r, value, cb) => {
      if (!value || /^[A-Za-z0-9_.-]{3,32}$/.test(value)) return cb()
      cb(new Error(t('rules.username')))
    }
  }
}

export function passwordRule(t: T, requiredNow: () => boolean): Rule {
  return {
    trigger: 'blur',
    validator: (_r, value, cb) => {
      if (!value) return requiredNow() ? cb(new Error(t('rules.password'))) : cb()
      if (String(value).length < 8) return cb(new Error(t('rules.password')))
      cb()
    }
  }
}
