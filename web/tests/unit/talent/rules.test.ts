// The talent forms' rules against the server's cases (tests/unit/test-pii.c, tests/api/test_talent.py).
import { describe, expect, it } from 'vitest'
import { checkIdCard, idCardCheckChar, isBirthDate } from '../../../src/utils/talent/idcard'
import { checkPatentNo, patentCheckChar } from '../../../src/utils/talent/patent'
import { normalizePhone } from '../../../src/utils/talent/phone'
import { idNumberRule, patentNoRule, phoneRule } from '../../../src/utils/talent/validate'

const t = (k: string) => k
/** Runs a rule's validator; resolves to the message or '' when it passes. */
function run(rule: any, value: unknown): string {
  let out = 'not called'
  rule.validator({}, value, (e?: Error) => (out = e ? e.message : ''))
  return out
}

const NOW = new Date('2026-03-15T04:00:00Z')

describe('checkIdCard (GB 11643)', () => {
  it('accepts good numbers and normalises a lower-case x and surrounding spaces', () => {
    for (const id of ['11010519491231002X', '440304199912314569', '330402200002291233', '33040219000101123X', '33040220240229001X'])
      expect(checkIdCard(id, NOW), id).toEqual({ ok: true, value: id })
    expect(checkIdCard('11010519491231002x', NOW)).toEqual({ ok: true, value: '11010519491231002X' })
    expect(checkIdCard(' 11010519491231002x\n', NOW)).toEqual({ ok: true, value: '11010519491231002X' })
  })

  it('refuses a wrong check character, and every other one of a good number', () => {
    for (const id of ['110105194912310020', '110105194912310021', '110105194912310029', '440304199912314568'])
      expect(checkIdCard(id, NOW).error, id).toBe('check')
    const good = '11010519491231002X'
    for (const c of '0123456789X') if (c !== good[17]) expect(checkIdCard(good.slice(0, 17) + c, NOW).error).toBe('check')
    expect(idCardCheckChar('11010519491231002')).toBe('X')
    expect(idCardCheckChar('1101051949123100A')).toBe('')
  })

  it('refuses an impossible or future birth date', () => {
    for (const id of ['110105194902310026', '330402200102291230', '330402189912311235', '330402219001011236', '110105194913310020', '110105194912000020'])
      expect(checkIdCard(id, NOW).error, id).toBe('date')
    // tomorrow in China is refused, today is not
    const today = '20260315'
    const tomorrow = '20260316'
    const withCheck = (s: string) => s + idCardCheckChar(s)
    expect(checkIdCard(withCheck(`330402${today}123`), NOW).ok).toBe(true)
    expect(checkIdCard(withCheck(`330402${tomorrow}123`), NOW).error).toBe('date')
    expect(isBirthDate('20000229', NOW)).toBe(true)
    expect(isBirthDate('19000229', NOW)).toBe(false)
  })

  it('refuses other lengths and characters', () => {
    for (const id of ['11010519491231002', '11010519491231002XX', '110105491231002', '', 'X10105194912310020', '1101051949123100X0',
      '11010519491231002Y', '110105 19491231002X', '11010519491231002Ｘ', '１１０１０５１９４９１２３１００２Ｘ'])
      expect(checkIdCard(id, NOW).error, id).toBe('length')
    expect(checkIdCard(null, NOW).error).toBe('length')
  })
})

describe('checkPatentNo', () => {
  it('accepts 202310123456.6 and the same without the dot', () => {
    expect(checkPatentNo('202310123456.6')).toEqual({ ok: true, value: '202310123456.6' })
    expect(checkPatentNo('2023101234566')).toEqual({ ok: true, value: '202310123456.6' })
    expect(checkPatentNo(' 202310123456.6 ')).toEqual({ ok: true, value: '202310123456.6' })
    // the demo's numbers
    for (const n of ['202321056231.5', '202311187402.2', '202421032877.4', '202431204519.2']) expect(checkPatentNo(n).ok, n).toBe(true)
    expect(patentCheckChar('202310123456')).toBe('6')
  })

  it('refuses a wrong check character', () => {
    expect(checkPatentNo('202310123456.7').error).toBe('check')
    for (const c of '012345789X') expect(checkPatentNo(`202310123456.${c}`).error, c).toBe('check')
  })

  it('refuses a bad format, kind digit or year', () => {
    for (const bad of ['202350123456.X', '20231012345.6', 'abc', '2023101234567.6', '202310123456-6', '202310123456..6', '', '198410123456.1', '220010123456.1'])
      expect(checkPatentNo(bad).error, bad).toBe('format')
  })

  it('takes a lower-case x as X', () => {
    // find 12 digits whose check character is X
    let digits = ''
    for (let i = 0; i < 1000 && !digits; i++) {
      const d = `2023100${String(i).padStart(5, '0')}`
      if (patentCheckChar(d) === 'X') digits = d
    }
    expect(digits).not.toBe('')
    expect(checkPatentNo(`${digits}.x`)).toEqual({ ok: true, value: `${digits}.X` })
  })
})

describe('normalizePhone', () => {
  it('accepts mobile numbers', () => {
    const ok: [string, string][] = [
      ['13800138000', '13800138000'], ['19912345678', '19912345678'], ['+8613800138000', '13800138000'],
      ['+86 138 0013 8000', '13800138000'], ['8613800138000', '13800138000'], ['86-138-0013-8000', '13800138000'],
      ['138-0013-8000', '13800138000'], ['  138 0013 8000\t', '13800138000']
    ]
    for (const [i, o] of ok) expect(normalizePhone(i), i).toBe(o)
    for (let p = 0; p <= 9; p++) {
      const num = `1${p}812345678`
      expect(normalizePhone(num), num).toBe(p >= 3 ? num : null)
    }
  })

  it('refuses what is not a mobile number', () => {
    for (const bad of ['1380013800', '138001380001', '23800138000', '+8523800138000', '+13800138000', '+86+13800138000', '138.0013.8000',
      '(138)00138000', '13800138000a', '8713800138000', '861380013800', '１３８００１３８０００', '13800138000 ext 1', '', '   ', '电话'])
      expect(normalizePhone(bad), bad).toBeNull()
  })

  it('accepts landlines and splits the area code by the numbering plan', () => {
    const ok: [string, string][] = [
      ['0573-82001234', '0573-82001234'], ['010-12345678', '010-12345678'], ['021-6234567', '021-6234567'],
      ['0573 82001234', '0573-82001234'], ['(0573)82001234', '0573-82001234'], ['(0573) 82001234', '0573-82001234'],
      ['(010)-12345678', '010-12345678'], ['0573-8200 1234', '0573-82001234'], [' 0573-82001234 ', '0573-82001234'],
      ['0573-82001234-801', '0573-82001234-801'], ['0573-82001234-123456', '0573-82001234-123456'],
      ['057382001234', '0573-82001234'], ['01012345678', '010-12345678'], ['0216234567', '021-6234567'],
      ['05738200123', '0573-8200123'], ['057382001234-8', '0573-82001234-8']
    ]
    for (const [i, o] of ok) expect(normalizePhone(i), i).toBe(o)
  })

  it('refuses bad landlines', () => {
    for (const bad of ['0573-820012', '0573-820012345', '05-82001234', '05731-82001234', '1573-82001234', '0573-82001234-',
      '0573-82001234-1234567', '0573-82001234 801', '0573--82001234', '(0573-82001234', '0573)82001234', '0573-8200-1234',
      '0573-82001234x', '0573', '0573-', '0573822', '0', '(', '()', '013800138000'])
      expect(normalizePhone(bad), bad).toBeNull()
  })
})

describe('the form rules', () => {
  it('idNumberRule: empty passes unless required; each error has its message', () => {
    expect(run(idNumberRule(t), '')).toBe('')
    expect(run(idNumberRule(t), null)).toBe('')
    expect(run(idNumberRule(t, () => true), '')).toBe('talentRules.idRequired')
    expect(run(idNumberRule(t), '11010519491231002X')).toBe('')
    expect(run(idNumberRule(t), '110105194912310021')).toBe('talentRules.id.check')
    expect(run(idNumberRule(t), '110105194902310026')).toBe('talentRules.id.date')
    expect(run(idNumberRule(t), '1101051949')).toBe('talentRules.id.length')
  })

  it('patentNoRule: required, format, check', () => {
    expect(run(patentNoRule(t), '')).toBe('talentRules.patentRequired')
    expect(run(patentNoRule(t), '202310123456.6')).toBe('')
    expect(run(patentNoRule(t), '202310123456.7')).toBe('talentRules.patent.check')
    expect(run(patentNoRule(t), '202350123456.X')).toBe('talentRules.patent.format')
  })

  it('phoneRule: empty passes; mobile and landline pass; others fail', () => {
    expect(run(phoneRule(t), '')).toBe('')
    expect(run(phoneRule(t), '138 0013 8000')).toBe('')
    expect(run(phoneRule(t), '0573-82001234')).toBe('')
    expect(run(phoneRule(t), '12345')).toBe('talentRules.phone')
    expect(run(phoneRule(t), '138****5678')).toBe('talentRules.phone')
  })
})
