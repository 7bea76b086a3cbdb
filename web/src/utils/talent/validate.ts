/*
 * Form rules of the talent pages (Element Plus async-validator rules): the
 * resident ID number, the patent application number and the phone, checked
 * as the user types with the messages the server would give.
 */
import { checkIdCard } from './idcard'
import { checkPatentNo } from './patent'
import { normalizePhone } from './phone'
import type { Rule } from '../validate'

type T = (key: string, named?: Record<string, unknown>) => string

/** GB 11643 (18 characters, a real birth date, the check character); empty passes unless required. */
export function idNumberRule(t: T, isRequired: () => boolean = () => false): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      if (value === null || value === undefined || String(value).trim() === '')
        return isRequired() ? cb(new Error(t('talentRules.idRequired'))) : cb()
      const r = checkIdCard(String(value))
      if (r.ok) return cb()
      cb(new Error(t(`talentRules.id.${r.error}`)))
    }
  }
}

/** 202310123456.6: 12 digits, a dot, the check character. */
export function patentNoRule(t: T): Rule {
  return {
    trigger: 'change',
    validator: (_r, value, cb) => {
      if (value === null || value === undefined || String(value).trim() === '') return cb(new Error(t('talentRules.patentRequired')))
      const r = checkPatentNo(String(value))
      if (r.ok) return cb()
      cb(new Error(t(`talentRules.patent.${r.error}`)))
    }
  }
}

/** A mobile or landline number; empty passes. */
export function phoneRule(t: T): Rule {
  return {
    trigger: 'blur',
    validator: (_r, value, cb) => {
      if (value === null || value === undefined || String(value).trim() === '') return cb()
      if (normalizePhone(String(value))) return cb()
      cb(new Error(t('talentRules.phone')))
    }
  }
}
