/*
 * The student pages' state and handlers.  The resident ID number and the
 * phone are personal information: the server returns them masked, so the
 * form starts them empty and sends them only when the user typed a new value;
 * the search by ID number goes in a POST body, never in the list's query.
 */
import { computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { createStudent, deleteStudent, getStudent, listStudents, updateStudent } from '@/api/talent/students'
import type { Student } from '@/api/talent/types'
import { useList } from '@/composables/useList'
import { useCrudDialog } from '@/composables/useCrudDialog'
import { required } from '@/utils/validate'
import { idNumberRule, phoneRule } from '@/utils/talent/validate'
import { checkIdCard } from '@/utils/talent/idcard'
import { normalizePhone } from '@/utils/talent/phone'
import { useWriteScope } from '../common'

export const STUDENT_FIELDS = ['student_no', 'name', 'id_number', 'specialty_code', 'specialty_name', 'class_name', 'cohort_year', 'status', 'phone', 'department_id'] as const
export type StudentForm = Record<(typeof STUDENT_FIELDS)[number], any>

export function useStudentList() {
  return useList<Student>(listStudents, {
    q: '', student_no: '', specialty_name: '', class_name: '', cohort_year: '', status: '', department_id: '', sort: '-cohort_year'
  })
}

export function useStudentDialog(after: () => void) {
  const { t } = useI18n()
  const { ownDepartment } = useWriteScope('students')
  const dlg = useCrudDialog<Student, StudentForm>({
    api: { get: getStudent, create: createStudent, update: updateStudent, remove: deleteStudent },
    fields: [...STUDENT_FIELDS],
    blank: () => ({
      student_no: '', name: '', id_number: '', specialty_code: '', specialty_name: '', class_name: '',
      cohort_year: new Date().getFullYear(), status: 'enrolled', phone: '', department_id: ownDepartment.value
    }),
    // The masked values are never put back into the form (nor sent back).
    toForm: (r) => ({ ...r, id_number: '', phone: '' }),
    keepIfEmpty: ['id_number', 'phone'],
    toBody: (f) => {
      const b: Record<string, any> = { ...f }
      if (f.id_number) {
        const r = checkIdCard(f.id_number)
        if (r.ok) b.id_number = r.value
      }
      if (f.phone) b.phone = normalizePhone(f.phone) || f.phone
      return b
    },
    titles: { add: 'student.add', edit: 'student.edit' },
    nameOf: (r) => `${r.name} ${r.student_no}`,
    after
  })
  const rules = computed(() => ({
    student_no: [required(t, t('student.studentNo'))],
    name: [required(t, t('student.name'))],
    id_number: [idNumberRule(t)],
    phone: [phoneRule(t)],
    status: [required(t, t('student.status'), 'change')]
  }))
  return { ...dlg, rules, ownDepartment }
}
