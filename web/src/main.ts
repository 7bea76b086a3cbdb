import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus, { ElMessage } from 'element-plus'
import 'element-plus/dist/index.css'
import * as Icons from '@element-plus/icons-vue'
import App from './App.vue'
import router from './router'
import { i18n, currentLocale } from './locales'
import { configureRequest } from './utils/request'
import { useUserStore } from './stores/user'
import './styles/index.css'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
app.use(ElementPlus)
for (const [name, comp] of Object.entries(Icons)) app.component(name, comp)
app.use(router)

const t = (k: string) => (i18n.global as any).t(k) as string
configureRequest({
  locale: currentLocale,
  networkMessage: () => t('common.networkError'),
  notify: (message) => ElMessage.error({ message, grouping: true }),
  onUnauthorized: () => {
    const user = useUserStore()
    const wasIn = user.loggedIn
    user.clear()
    const cur = router.currentRoute.value
    if (cur.name !== 'login') {
      if (wasIn) ElMessage.warning({ message: t('common.sessionExpired'), grouping: true })
      router.replace({ name: 'login', query: { redirect: cur.fullPath } })
    }
  }
})

document.documentElement.lang = currentLocale()
app.mount('#app')
