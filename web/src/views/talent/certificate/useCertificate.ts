/*
 * The certificate pages' state and handlers.  A holder is a student of the
 * college, or an enterprise employee named with an ID number (personal
 * information: returned masked, sent only when typed anew).  Levels 1 and 2
 * are the gold collar (金蓝领).
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createCertificate, deleteCertificate, getCertificate, listCertificates, updateCertificate } from '@/api/talent/certificates'
import type { Certificate } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'
import { idNumberRule } from '@/utils/talent/validate'
import { checkIdCard } from '@/utils/talent/idcard'

export const CERTIFICATE_FIELDS = ['holder_type', 'student_id', 'holder_name', 'holder_id_number', 'enterprise_id', 'occupation', 'level', 'certificate_no', 'issue_date'] as const
export type CertificateForm = Record<(typeof CERTIFICATE_FIELDS)[number], any> & { student_name: string; enterprise_name: string }

export function useCertificateList() {
  return useList<Certificate>(listCertificates, {
    q: '', holder_type: '', level: '', occupation: '', certificate_no: '', enterprise_id: '', student_id: '', sort: '-issue_date'
  })
}

export function useCertificateDialog(after: () => void) {
  const { t } = useI18n()
  const dlg = useCrudDialog<Certificate, CertificateForm>({
    api: { get: getCertificate, create: createCertificate, update: updateCertificate, remove: deleteCertificate },
    fields: [...CERTIFICATE_FIELDS],
    blank: () => ({
      holder_type: 'student', student_id: null, student_name: '', holder_name: '', holder_id_number: '', enterprise_id: null,
      enterprise_name: '', occupation: '', level: null, certificate_no: '', issue_date: null
    }),
    toForm: (r) => ({ ...r, level: String(r.level), holder_id_number: '', holder_name: r.holder_type === 'employee' ? r.holder_name : '' }),
    keepIfEmpty: ['holder_id_number'],
    toBody: (f, editing) => {
      const b: Record<string, any> = { ...f, level: f.level ? Number(f.level) : null }
      delete b.student_name
      delete b.enterprise_name
      if (f.holder_type === 'student') {
        // the holder's name and ID number are the student's own
        b.holder_name = editing ? editing.holder_name : null
        b.holder_id_number = null
      } else {
        b.student_id = null
        if (f.holder_id_number) {
          const r = checkIdCard(f.holder_id_number)
          if (r.ok) b.holder_id_number = r.value
        }
      }
      if (editing) b.holder_type = editing.holder_type // fixed once created
      return b
    },
    titles: { add: 'certificate.add', edit: 'certificate.edit' },
    nameOf: (r) => r.certificate_no,
    after
  })
  async function handleUpdate(row: Certificate) {
    await dlg.handleUpdate(row)
    const r = dlg.editing.value
    if (r) dlg.form.student_name = r.holder_type === 'student' ? r.holder_name || '' : ''
  }
  const form = dlg.form
  const rules = computed(() => ({
    holder_type: [required(t, t('certificate.holderType'), 'change')],
    student_id: form.holder_type === 'student' ? [required(t, t('certificate.student'), 'change')] : [],
    holder_name: form.holder_type === 'employee' ? [required(t, t('certificate.holderName'))] : [],
    holder_id_number: form.holder_type === 'employee' ? [idNumberRule(t, () => !dlg.editing.value)] : [],
    occupation: [required(t, t('certificate.occupation'))],
    level: [required(t, t('certificate.level'), 'change')],
    certificate_no: [required(t, t('certificate.certificateNo'))]
  }))
  return { ...dlg, handleUpdate, rules }
}

export function isGoldLevel(level: unknown): boolean {
  const n = Number(level)
  return n === 1 || n === 2
}
