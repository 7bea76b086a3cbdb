/*
 * What every add/edit form component does: hold its el-form's ref, clear a
 * server error beside a field as soon as that field changes, hand the errors
 * to its FormItem fields, submit through its FormDialog (Enter in a field),
 * and expose validate() and clearValidate() (and focus(), when given) to
 * useCrudDialog.
 */
import { inject, provide, ref, watch, type InjectionKey } from 'vue'
import type { FormInstance } from 'element-plus'

export const FIELD_ERRORS: InjectionKey<Record<string, string>> = Symbol('fieldErrors')
export const DIALOG_SUBMIT: InjectionKey<() => void> = Symbol('dialogSubmit')

export function useDialogForm(
  props: { form: Record<string, any>; fieldErrors: Record<string, string> },
  opts: { focus?: () => void; watched?: Record<string, () => unknown> } = {}
) {
  const formRef = ref<FormInstance>()
  for (const f of Object.keys(props.fieldErrors)) {
    const get = opts.watched?.[f] || (() => JSON.stringify(props.form[f]))
    watch(get, () => {
      if (props.fieldErrors[f]) props.fieldErrors[f] = ''
    })
  }
  provide(FIELD_ERRORS, props.fieldErrors)
  const submit = inject(DIALOG_SUBMIT, () => {})
  const expose = {
    validate: () => formRef.value!.validate(),
    clearValidate: () => formRef.value?.clearValidate(),
    focus: () => opts.focus?.()
  }
  return { formRef, expose, submit }
}
